import Foundation

/// `POST /api/v1/tickets/{number}/print`: the kiosk whose printer prints it again.
public struct PrintRequest: Codable, Sendable, Equatable {
    public var kiosk: String

    public init(kiosk: String) {
        self.kiosk = kiosk
    }
}
