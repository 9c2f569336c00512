/// How a ticket number is read out: `A012` digit by digit (A 零一二), as most halls do so that
/// a citizen can compare it with the ticket, or as a value (A 十二).
public enum NumberReading: String, Sendable, CaseIterable {
    case digits
    case value

    static let digitWords = Array("零一二三四五六七八九")

    /// The ticket number as words for the synthesizer: the letters spelled, the digits read.
    public func chinese(_ number: String) -> String {
        let letters = number.prefix { !$0.isNumber }
        let digits = number.dropFirst(letters.count)
        let spelled = letters.map(String.init).joined(separator: " ")
        let read: String
        switch self {
        case .digits: read = String(digits.compactMap { $0.wholeNumberValue.map { Self.digitWords[$0] } })
        case .value: read = Int(digits).map(Self.chineseValue) ?? String(digits)
        }
        return [spelled, read].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The English reading: letters and digits one by one (A 0 1 2), or the value (A 12).
    public func english(_ number: String) -> String {
        let letters = number.prefix { !$0.isNumber }
        let digits = number.dropFirst(letters.count)
        let read = self == .digits ? digits.map(String.init).joined(separator: " ") : (Int(digits).map(String.init) ?? String(digits))
        return (letters.map(String.init) + [read]).filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// 0-99999 as Chinese words: 12 → 十二, 101 → 一百零一, 2020 → 两千零二十 (as said aloud).
    public static func chineseValue(_ value: Int) -> String {
        guard value > 0 else { return "零" }
        guard value < 100_000 else { return String(value) }
        let units = ["", "十", "百", "千", "万"]
        let digits = String(value).compactMap(\.wholeNumberValue)
        var words = ""
        var zeroPending = false
        for (index, digit) in digits.enumerated() {
            let place = digits.count - 1 - index
            if digit == 0 {
                zeroPending = !words.isEmpty
                continue
            }
            if zeroPending { words += "零" }
            zeroPending = false
            // 十二, not 一十二, at the front; 两 before 百, 千, 万 as people say it.
            if digit == 1 && place == 1 && index == 0 {
                words += "十"
            } else {
                words += (digit == 2 && place >= 2 ? "两" : String(digitWords[digit])) + units[place]
            }
        }
        return words
    }
}
