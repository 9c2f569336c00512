/// The 18-character resident identity number (GB 11643): 6-digit region, 8-digit birth date,
/// 3-digit sequence (odd for men), and an ISO 7064 MOD 11-2 check character.
public struct IDNumber: Sendable, Equatable, CustomStringConvertible {
    public let value: String

    public enum Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        case length(Int)
        case characters
        case region(String)
        // The birth date and the check character that the number should have had are not
        // kept: a refusal reaches logs and kiosk notices, and they would give away the hidden digits.
        case birthDate
        case checkDigit

        public var code: String {
            switch self {
            case .length: "id_number_length"
            case .characters: "id_number_characters"
            case .region: "id_number_region"
            case .birthDate: "id_number_birth_date"
            case .checkDigit: "id_number_check_digit"
            }
        }

        public var description: String {
            switch self {
            case .length(let count): "身份证号应为 18 位，实为 \(count) 位 / an ID number has 18 characters, not \(count)"
            case .characters: "身份证号前 17 位须为数字，末位为数字或 X / an ID number is 17 digits and a digit or X"
            case .region(let region): "行政区划代码 \(region) 不成立 / region code \(region) is not possible"
            case .birthDate: "出生日期不成立 / the birth date is not possible"
            case .checkDigit: "校验位不符 / the check character does not match"
            }
        }
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// Validates a number; `x` is taken as `X`. `today` (`YYYYMMDD`) bounds the birth date.
    public init(_ text: String, today: String? = nil) throws(Invalid) {
        let characters = Array(text.uppercased())
        guard characters.count == 18 else { throw .length(characters.count) }
        guard characters[..<17].allSatisfy({ $0.isASCII && $0.isNumber }), characters[17].isASCII,
            characters[17].isNumber || characters[17] == "X"
        else { throw .characters }
        let region = String(characters[..<6])
        // Province codes run from 11 (北京) to 82 (澳门); 71 台湾, 81 香港, 82 澳门 holders have other cards.
        guard let province = Int(region.prefix(2)), (11...82).contains(province), region != "000000" else {
            throw .region(region)
        }
        let birth = String(characters[6..<14])
        guard Self.isDate(birth), birth >= "18900101", today.map({ birth <= $0 }) ?? true else { throw .birthDate }
        let expected = Self.checkCharacter(String(characters[..<17]))
        guard expected == characters[17] else { throw .checkDigit }
        value = String(characters)
    }

    /// The check character for the first 17 digits.
    public static func checkCharacter(_ digits: String) -> Character {
        let sum = zip(digits, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// Whether `YYYYMMDD` is a real calendar date.
    static func isDate(_ text: String) -> Bool {
        guard text.count == 8, let year = Int(text.prefix(4)), let month = Int(text.dropFirst(4).prefix(2)),
            let day = Int(text.suffix(2)), (1...12).contains(month)
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// What may be shown and stored: region and the last four, `110105********002X`.
    /// Whole years of age on `today` (`YYYYMMDD`), from the birth date in the number.
    public func age(on today: String) -> Int {
        let birth = value.dropFirst(6).prefix(8)
        guard let born = Int(birth), let now = Int(today) else { return 0 }
        return (now - born) / 10_000
    }

    public var masked: String { String(value.prefix(6)) + String(repeating: "*", count: 8) + String(value.suffix(4)) }

    /// Never the full number: descriptions end up in logs.
    public var description: String { masked }
}
