import Foundation

/// `POST /api/v1/kiosks/{kiosk}/check-in`: a booking's code typed or scanned.
public struct CheckInRequest: Codable, Sendable, Equatable {
    public var code: String

    public init(code: String) {
        self.code = code
    }
}
