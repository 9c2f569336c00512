import Foundation

/// A session at one window: its token is good for that window only.
public struct SignInView: Codable, Sendable, Equatable {
    public var token: String
    public var staff: String
    public var name: String
    public var window: Int
    public var since: Date

    public init(token: String, staff: String, name: String, window: Int, since: Date) {
        self.token = token
        self.staff = staff
        self.name = name
        self.window = window
        self.since = since
    }
}
