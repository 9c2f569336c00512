/// The card's 256-byte text block: UCS-2 little-endian fields at fixed places, padded with
/// spaces. Holds the full ID number and address: use it to build a masked identity and drop it.
public struct IDCardText: Sendable, Equatable {
    public var name: String
    public var sex: Sex
    public var nationCode: Int
    public var birthDate: String
    public var address: String
    public var number: String
    public var authority: String
    public var validFrom: String
    /// `YYYYMMDD`, or nil for a long-term (长期) card.
    public var validTo: String?

    public static let length = 256
    /// The field layout, in bytes: (start, length).
    static let fields = (
        name: (0, 30), sex: (30, 2), nation: (32, 4), birth: (36, 16), address: (52, 70), number: (122, 36),
        authority: (158, 30), validFrom: (188, 16), validTo: (204, 16)
    )
    public static let longTerm = "长期"

    public enum Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        case length(Int)
        case field(String, String)

        public var description: String {
            switch self {
            case .length(let count): "text block of \(count) bytes, expected \(IDCardText.length)"
            case .field(let name, let problem): "text field \(name): \(problem)"
            }
        }
    }

    public init(
        name: String, sex: Sex, nationCode: Int, birthDate: String, address: String, number: String, authority: String,
        validFrom: String, validTo: String?
    ) {
        self.name = name
        self.sex = sex
        self.nationCode = nationCode
        self.birthDate = birthDate
        self.address = address
        self.number = number
        self.authority = authority
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// Reads a block as the reader sends it.
    public init(block: [UInt8]) throws(Invalid) {
        guard block.count == Self.length else { throw .length(block.count) }
        func field(_ place: (Int, Int), _ label: String) throws(Invalid) -> String {
            var units: [UInt16] = []
            var index = place.0
            while index < place.0 + place.1 {
                units.append(UInt16(block[index]) | UInt16(block[index + 1]) << 8)
                index += 2
            }
            guard let text = String(validating: units, as: UTF16.self) else { throw .field(label, "not UCS-2 text") }
            return String(text.trimmingSuffix { $0 == " " || $0 == "\0" })
        }
        func digits(_ place: (Int, Int), _ label: String) throws(Invalid) -> String {
            let text = try field(place, label)
            guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .field(label, "\"\(text)\" is not digits") }
            return text
        }
        name = try field(Self.fields.name, "name")
        guard let sexCode = Int(try digits(Self.fields.sex, "sex")), let sex = Sex(rawValue: sexCode) else {
            throw .field("sex", "unknown code")
        }
        self.sex = sex
        guard let nation = Int(try digits(Self.fields.nation, "nation")), Nation.name(nation) != nil else {
            throw .field("nation", "unknown code")
        }
        nationCode = nation
        birthDate = try digits(Self.fields.birth, "birth date")
        address = try field(Self.fields.address, "address")
        number = try field(Self.fields.number, "number")
        authority = try field(Self.fields.authority, "authority")
        validFrom = try digits(Self.fields.validFrom, "valid from")
        let to = try field(Self.fields.validTo, "valid to")
        if to == Self.longTerm {
            validTo = nil
        } else if to.count == 8, to.allSatisfy({ $0.isASCII && $0.isNumber }) {
            validTo = to
        } else {
            throw .field("valid to", "\"\(to)\" is neither a date nor 长期")
        }
    }

    /// The block a reader would send: used by the simulator and the tests.
    public var block: [UInt8] {
        var block = [UInt8](repeating: 0, count: Self.length)
        func put(_ text: String, _ place: (Int, Int)) {
            var units = Array(text.utf16.prefix(place.1 / 2))
            units += Array(repeating: 0x20, count: place.1 / 2 - units.count)
            for (offset, unit) in units.enumerated() {
                block[place.0 + offset * 2] = UInt8(unit & 0xFF)
                block[place.0 + offset * 2 + 1] = UInt8(unit >> 8)
            }
        }
        put(name, Self.fields.name)
        put(String(sex.rawValue), Self.fields.sex)
        put(nationCode < 10 ? "0\(nationCode)" : String(nationCode), Self.fields.nation)
        put(birthDate, Self.fields.birth)
        put(address, Self.fields.address)
        put(number, Self.fields.number)
        put(authority, Self.fields.authority)
        put(validFrom, Self.fields.validFrom)
        put(validTo ?? Self.longTerm, Self.fields.validTo)
        put("", (220, 36))
        return block
    }

    public var nation: String { Nation.name(nationCode) ?? "?" }
}

extension String {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[..<end]
    }
}
