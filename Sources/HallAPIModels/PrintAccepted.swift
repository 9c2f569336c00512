import Foundation

/// `POST /api/v1/tickets/{number}/print`: the ticket is on its way to the kiosk's printer.
public struct PrintAccepted: Codable, Sendable, Equatable {
    public var number: String
    public var kiosk: String

    public init(number: String, kiosk: String) {
        self.number = number
        self.kiosk = kiosk
    }
}
