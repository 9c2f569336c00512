import Crypto
import Foundation
import HallCore
import HallProtocols

/// Turns an ID card read into what the hall may keep: the masked name and number and an
/// HMAC-SHA256 of the number under the hall's secret. The booking platform, holding the same
/// secret, sends the same hash with each booking, so a tapped card finds its booking.
///
/// The reader's runner applies it on the thread that read the card, so that the card's full
/// text (address, birth date, number) never crosses a thread, a queue or a log.
public struct HolderKeyer: Sendable {
    private let key: SymmetricKey
    /// The hall's time zone, which decides the date a card's expiry is judged against.
    private let timeZone: TimeZone
    /// `policy.elderly_priority_age` of the configuration in force (a reload changes it).
    private let elderlyAge: @Sendable () -> Int?

    public init(secret: [UInt8], timeZone: TimeZone, elderlyAge: @escaping @Sendable () -> Int? = { nil }) {
        key = SymmetricKey(data: secret)
        self.timeZone = timeZone
        self.elderlyAge = elderlyAge
    }

    /// Lower-case hex HMAC of the upper-case 18-character number.
    public func key(for number: IDNumber) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data(number.value.utf8), using: key))
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

    /// The holder of a card read at `instant`: refused when the number is not a possible one
    /// or the card has expired by that day in the hall's time zone.
    public func holder(for text: IDCardText, at instant: Date) throws(Refusal) -> Holder {
        let today = LocalTime.dateString(dayNumber: LocalTime(instant, in: timeZone).dayNumber).replacingOccurrences(of: "-", with: "")
        let number: IDNumber
        do {
            number = try IDNumber(text.number, today: today)
        } catch {
            throw .invalidNumber(error)
        }
        if let validTo = text.validTo, validTo < today { throw .expired(validTo: validTo) }
        return Holder(
            maskedName: Self.masked(name: text.name), maskedNumber: number.masked, key: key(for: number),
            elderly: elderlyAge().map { number.age(on: today) >= $0 } ?? false)
    }

    /// The name with all but its first and last characters hidden: 张*三, 李*.
    public static func masked(name: String) -> String {
        let characters = Array(name)
        switch characters.count {
        case 0: return ""
        case 1: return name
        case 2: return String(characters[0]) + "*"
        default:
            return String(characters[0]) + String(repeating: "*", count: characters.count - 2) + String(characters[characters.count - 1])
        }
    }
}
