import Foundation

/// `POST /api/v1/staff/{id}/pin`: a new PIN.
public struct PINRequest: Codable, Sendable, Equatable {
    public var pin: String

    public init(pin: String) {
        self.pin = pin
    }
}
