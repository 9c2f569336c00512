import Yams

/// One value of a YAML file replaced where it stands, the rest of the file (comments, order,
/// quoting, layout) kept as written: how `hallctl token rotate` puts a new token's digest into
/// `hall.yaml`.
public struct ScalarEdit {
    /// A step from the top of the file down to the value.
    public enum Step: Sendable, Equatable, CustomStringConvertible {
        /// The value under this key of a mapping.
        case key(String)
        /// The item of a list whose `key` is `value`, such as the kiosk whose id is K1.
        case item(key: String, value: String)

        public var description: String {
            switch self {
            case .key(let key): key
            case .item(let key, let value): "[\(key)=\(value)]"
            }
        }
    }

    public let file: String
    public let path: [Step]

    public init(file: String, path: [Step]) {
        self.file = file
        self.path = path
    }

    /// `text` with the scalar at `path` replaced by `value`, written in double quotes. The
    /// result is read back and checked before it is given.
    public func applied(to text: String, value: String) throws(ConfigurationError) -> String {
        guard value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }) else {
            throw failure("the new value must be plain ASCII text")
        }
        guard let node = try scalar(in: text), let mark = node.mark else { throw failure("not found") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0).unicodeScalars) }
        // Yams counts lines and columns from 1, the column in characters.
        let (row, column) = (mark.line - 1, mark.column - 1)
        guard lines.indices.contains(row), lines[row].indices.contains(column) else { throw failure("its position is outside the file") }
        let line = lines[row]
        let end = Self.end(of: line, from: column)
        lines[row] = Array(line[..<column]) + Array("\"\(value)\"".unicodeScalars) + Array(line[end...])
        let edited = lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
        guard try scalar(in: edited)?.string == value else { throw failure("the edit could not be checked (a value over several lines?)") }
        return edited
    }

    /// Where a scalar that starts at `start` ends: its closing quote, or for a plain one the
    /// first space, comma, bracket or brace.
    private static func end(of line: [Unicode.Scalar], from start: Int) -> Int {
        let first = line[start]
        if first == "\"" || first == "'" {
            var index = start + 1
            while index < line.count {
                if first == "\"", line[index] == "\\" {
                    index += 2
                    continue
                }
                if line[index] == first {
                    // '' inside single quotes is a quote, not the end.
                    if first == "'", index + 1 < line.count, line[index + 1] == "'" {
                        index += 2
                        continue
                    }
                    return index + 1
                }
                index += 1
            }
            return line.count
        }
        var index = start
        while index < line.count, !" \t,]}".unicodeScalars.contains(line[index]) { index += 1 }
        return index
    }

    private func scalar(in text: String) throws(ConfigurationError) -> Node? {
        var node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw failure("not valid YAML: \(error)")
        }
        for step in path {
            switch step {
            // By the keys' text: `"3":` and `3:` are both window 3.
            case .key(let key): node = node?.mapping?.first { $0.key.string == key }?.value
            case .item(let key, let value):
                node = node?.sequence?.first { $0.mapping?.first { $0.key.string == key }?.value.string == value }
            }
        }
        guard let node else { return nil }
        guard node.scalar != nil else { throw failure("is not a single value") }
        return node
    }

    private func failure(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, message: "\(path.map(\.description).joined(separator: ".")): \(message)")
    }
}
