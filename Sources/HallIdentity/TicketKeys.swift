import Crypto
import Foundation
import HallCore

/// The key in a ticket's QR code (`/ticket/A012?k=...`): it lets the holder of the paper, and
/// nobody guessing numbers, rate the service. HMAC of the hall day and number with the hall's
/// secret, so it needs no storage and dies with the day.
public struct TicketKeys: Sendable {
    private let key: SymmetricKey

    public init(secret: [UInt8]) { key = SymmetricKey(data: secret) }

    public func key(day: String, number: TicketNumber) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data("ticket:\(day):\(number)".utf8), using: key).prefix(8))
    }

    /// The citizen's page for a ticket, as printed in its QR code.
    public func url(base: String, day: String, number: TicketNumber) -> String {
        "\(base)/ticket/\(number)?k=\(key(day: day, number: number))"
    }
}
