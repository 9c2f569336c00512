/// How many columns text takes on a printer or an LED board: Chinese, Japanese and Korean
/// characters and full-width forms take two, everything else one.
public enum TextWidth {
    public static func columns(_ text: some StringProtocol) -> Int { text.reduce(0) { $0 + columns($1) } }

    public static func columns(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first?.value else { return 0 }
        switch scalar {
        case 0x1100...0x115F, 0x2026, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Lines of at most `limit` columns. Breaks fall between characters, never inside one;
    /// Chinese has no spaces to prefer, so none are preferred.
    public static func wrap(_ text: String, limit: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var used = 0
        for character in text {
            let width = columns(character)
            if used + width > limit && !line.isEmpty {
                lines.append(line)
                line = ""
                used = 0
            }
            line.append(character)
            used += width
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// The text cut to `limit` columns, ending with … (two columns) when it was cut.
    public static func truncate(_ text: String, limit: Int) -> String {
        guard columns(text) > limit else { return text }
        var line = ""
        var used = 0
        for character in text {
            let width = columns(character)
            if used + width + 2 > limit { break }
            line.append(character)
            used += width
        }
        return line + "…"
    }

    /// The text cut to `limit` columns with no mark, for boards with no room for one.
    public static func cut(_ text: String, limit: Int) -> String {
        var line = ""
        var used = 0
        for character in text {
            used += columns(character)
            if used > limit { break }
            line.append(character)
        }
        return line
    }
}
