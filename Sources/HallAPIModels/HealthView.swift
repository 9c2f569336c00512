import Foundation

/// `GET /healthz`: whether the journal takes writes, the hall day, and how many wait.
public struct HealthView: Codable, Sendable, Equatable {
    /// `ok`, or `failing` (answered with 503) when the journal cannot be written.
    public var status: String
    public var day: String?
    public var waiting: Int
    public var reason: String?

    public init(status: String, day: String? = nil, waiting: Int, reason: String? = nil) {
        self.status = status
        self.day = day
        self.waiting = waiting
        self.reason = reason
    }
}
