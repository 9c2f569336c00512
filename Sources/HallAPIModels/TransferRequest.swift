import Foundation

/// `POST /api/v1/windows/{w}/transfer`: the service the citizen goes on to.
public struct TransferRequest: Codable, Sendable, Equatable {
    public var service: String

    public init(service: String) {
        self.service = service
    }
}
