/// A mainland mobile number a citizen gives for text reminders: 11 digits starting with 1,
/// written with or without spaces, dashes or +86. Its description is masked (138****8000),
/// so that printing one by mistake gives nothing away.
public struct PhoneNumber: Sendable, Equatable, CustomStringConvertible {
    /// The 11 digits.
    public let digits: String

    public init?(_ text: String) {
        var digits = String(text.filter { $0 != " " && $0 != "-" })
        if digits.hasPrefix("+86") { digits.removeFirst(3) }
        guard digits.utf8.count == 11, digits.first == "1", digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return nil
        }
        self.digits = digits
    }

    /// The first three and last four digits, as shown on the kiosk's screen.
    public var masked: String { String(digits.prefix(3)) + "****" + String(digits.suffix(4)) }

    public var description: String { masked }
}
