import Crypto
import Foundation
import HallCore
import HallProtocols

/// Turns an ID card read into what the hall may keep: the masked name and number and an
/// HMAC-SHA256 of the number under the hall's secret. The booking platform, holding the same
/// secret, sends the same hash with each booking, so a tapped card finds its booking.
public struct HolderKeyer: Sendable {
    private let key: SymmetricKey

    public init(secret: [UInt8]) { key = SymmetricKey(data: secret) }

    /// Lower-case hex HMAC of the upper-case 18-character number.
    public func key(for number: IDNumber) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(number.value.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }

    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case invalidNumber(IDNumber.Invalid)
        case expired(validTo: String)

        public var code: String {
            switch self {
            case .invalidNumber: "invalid_id_card"
            case .expired: "id_card_expired"
            }
        }

        public var description: String {
            switch self {
            case .invalidNumber(let reason): "身份证号无效 / the ID number is not valid: \(reason)"
            case .expired(let date): "身份证已于 \(date) 过期 / the ID card expired on \(date)"
            }
        }
    }

    /// The holder of a card read on `today` (`YYYYMMDD`): refused when the number is not a
    /// possible one or the card has expired.
    public func holder(for text: IDCardText, today: String) throws(Refusal) -> Holder {
        let number: IDNumber
        do {
            number = try IDNumber(text.number, today: today)
        } catch {
            throw .invalidNumber(error)
        }
        if let validTo = text.validTo, validTo < today { throw .expired(validTo: validTo) }
        return Holder(maskedName: text.maskedName, maskedNumber: number.masked, key: key(for: number))
    }
}
