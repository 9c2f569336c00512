import Foundation

/// `POST /api/v1/buses/{bus}/scan`: the addresses to try (1 to 32 by default).
public struct ScanRange: Codable, Sendable, Equatable {
    public var from: Int?
    public var to: Int?

    public init(from: Int? = nil, to: Int? = nil) {
        self.from = from
        self.to = to
    }
}
