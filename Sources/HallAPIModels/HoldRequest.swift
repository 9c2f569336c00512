import Foundation

/// `POST /api/v1/windows/{w}/hold`: why the citizen leaves the window (补材料 ...), and for how
/// many minutes their place is kept (1–240).
public struct HoldRequest: Codable, Sendable, Equatable {
    public var reason: String
    public var minutes: Int

    public init(reason: String, minutes: Int) {
        self.reason = reason
        self.minutes = minutes
    }
}
