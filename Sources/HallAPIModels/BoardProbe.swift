import Foundation

/// One board's answer to a test frame or a scan.
public struct BoardProbe: Codable, Sendable, Equatable {
    public var address: Int
    public var answered: Bool
    public var milliseconds: Double?
    public var problem: String?

    public init(address: Int, answered: Bool, milliseconds: Double? = nil, problem: String? = nil) {
        self.address = address
        self.answered = answered
        self.milliseconds = milliseconds
        self.problem = problem
    }
}
