/// A queue number as printed and called: the service prefix and the day's sequence, `A001`.
public struct TicketNumber: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public var prefix: String
    public var sequence: Int

    public init(prefix: String, sequence: Int) {
        self.prefix = prefix
        self.sequence = sequence
    }

    /// Parses `A001`: a prefix of letters followed by digits.
    public init?(_ text: String) {
        let letters = text.prefix { $0.isLetter }
        let digits = text.dropFirst(letters.count)
        guard !letters.isEmpty, !digits.isEmpty, digits.allSatisfy(\.isASCII), let sequence = Int(digits), sequence > 0
        else { return nil }
        self.init(prefix: String(letters), sequence: sequence)
    }

    /// Three digits at least, as halls print them; more once a day passes 999.
    public var description: String {
        let digits = String(sequence)
        return prefix + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let number = TicketNumber(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a ticket number: \(text)"))
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: TicketNumber, rhs: TicketNumber) -> Bool {
        (lhs.prefix, lhs.sequence) < (rhs.prefix, rhs.sequence)
    }
}
