/// The person a ticket or an appointment belongs to, as far as the hall may keep it: the name
/// and ID number masked (张*三, 110105********002X) and a keyed hash of the full number (HMAC
/// under the hall's secret) that matches the same person again without revealing them.
public struct Holder: Sendable, Equatable, Hashable, Codable {
    public var maskedName: String
    public var maskedNumber: String
    /// Lower-case hexadecimal HMAC-SHA256 of the upper-case 18-character ID number.
    public var key: String
    /// Whether the card said the holder has reached `policy.elderly_priority_age`: worked out
    /// from the birth date on the reader's thread, which is all of the birth date the hall keeps.
    public var elderly: Bool

    public init(maskedName: String, maskedNumber: String, key: String, elderly: Bool = false) {
        self.maskedName = maskedName
        self.maskedNumber = maskedNumber
        self.key = key
        self.elderly = elderly
    }
}
