import Foundation

/// `POST /api/v1/windows/{w}/walk-in`: the service a citizen at the counter is served for.
public struct WalkInRequest: Codable, Sendable, Equatable {
    public var service: String

    public init(service: String) {
        self.service = service
    }
}
