import Foundation

/// The body of every refused request: a stable code for programs and a message for people.
public struct APIFailure: Codable, Sendable, Equatable, Error {
    /// Such as `already_waiting`, `unauthorized`.
    public var error: String
    /// Chinese, then English.
    public var message: String

    public init(error: String, message: String) {
        self.error = error
        self.message = message
    }
}
