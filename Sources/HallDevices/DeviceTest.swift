import Foundation

/// A technician's test of one device (`POST /api/v1/devices/{id}/test`): each step tried, what
/// came back and how long it took; `ok` when every step went well.
public struct DeviceTest: Sendable, Codable, Equatable {
    public struct Step: Sendable, Codable, Equatable {
        public var step: String
        public var result: String
        public var ok: Bool
        public var milliseconds: Double?

        public init(step: String, result: String, ok: Bool, milliseconds: Double? = nil) {
            self.step = step
            self.result = result
            self.ok = ok
            self.milliseconds = milliseconds
        }
    }

    public var device: String
    public var steps: [Step]
    public var ok: Bool { steps.allSatisfy(\.ok) }

    public init(device: String, steps: [Step]) {
        self.device = device
        self.steps = steps
    }

    enum CodingKeys: String, CodingKey { case device, steps, ok }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(device, forKey: .device)
        try container.encode(steps, forKey: .steps)
        try container.encode(ok, forKey: .ok)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        device = try container.decode(String.self, forKey: .device)
        steps = try container.decode([Step].self, forKey: .steps)
    }
}
