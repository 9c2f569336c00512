import Foundation

/// A plain text table whose columns line up in a terminal, counting CJK characters as two
/// columns wide.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    var text: String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { Self.width($0[column]) }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                cell + String(repeating: " ", count: widths[column] - Self.width(cell))
            }.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
        }.joined()
    }

    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value)
            return total + (wide ? 2 : 1)
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

/// Reads a field of a JSON object as text, `-` when absent.
func field(_ object: Any, _ key: String) -> String {
    guard let value = (object as? [String: Any])?[key], !(value is NSNull) else { return "-" }
    return "\(value)"
}

/// Reads a true/false field of a JSON object (JSONSerialization gives both numbers and
/// booleans as NSNumber, so a boolean cannot be told apart in `field`).
func flag(_ object: Any, _ key: String) -> Bool {
    (object as? [String: Any])?[key] as? Bool ?? false
}
