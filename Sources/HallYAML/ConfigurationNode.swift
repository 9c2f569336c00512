import Foundation
import Yams

/// A mapping in a YAML file (the hall configuration, a device profile), read key by key. Every error names the file and the
/// line of the offending node; keys nobody asked for are reported as unknown, with the closest
/// known key suggested, so a typo never passes as a silent default.
public struct ConfigurationNode {
    public let file: String
    public let node: Node
    private let mapping: Node.Mapping
    private var used: Set<String> = []

    /// Parses YAML text into its top mapping.
    public static func parse(_ text: String, file: String, what: String) throws(ConfigurationError) -> ConfigurationNode {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigurationError(file: file, line: 1, message: "the file is empty")
            }
            root = node
        } catch let error as ConfigurationError {
            throw error
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw ConfigurationError(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
            default:
                throw ConfigurationError(file: file, message: "not valid YAML: \(error)")
            }
        } catch {
            throw ConfigurationError(file: file, message: "not valid YAML: \(error)")
        }
        return try ConfigurationNode(file: file, node: root, what: what)
    }

    /// Reads and parses a YAML file.
    public static func load(path: String, what: String) throws(ConfigurationError) -> ConfigurationNode {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(text, file: path, what: what)
    }

    public init(file: String, node: Node, what: String) throws(ConfigurationError) {
        self.file = file
        self.node = node
        guard let mapping = node.mapping else {
            throw ConfigurationError.at(node, file: file, "\(what) must be a mapping of keys to values")
        }
        self.mapping = mapping
    }

    private mutating func value(_ key: String) -> Node? {
        used.insert(key)
        return mapping[key]
    }

    public mutating func string(_ key: String) throws(ConfigurationError) -> String {
        guard let node = value(key) else { throw missing(key) }
        return try Self.scalar(node, key: key, file: file)
    }

    public mutating func string(_ key: String, default fallback: String) throws(ConfigurationError) -> String {
        guard let node = value(key) else { return fallback }
        return try Self.scalar(node, key: key, file: file)
    }

    public mutating func optionalString(_ key: String) throws(ConfigurationError) -> String? {
        guard let node = value(key), node != Node("~") else { return nil }
        return try Self.scalar(node, key: key, file: file)
    }

    public mutating func int(_ key: String, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let node = value(key) else { throw missing(key) }
        return try Self.int(node, key: key, range: range, file: file)
    }

    public mutating func int(_ key: String, default fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let node = value(key) else { return fallback }
        return try Self.int(node, key: key, range: range, file: file)
    }

    public mutating func optionalInt(_ key: String, range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let node = value(key) else { return nil }
        return try Self.int(node, key: key, range: range, file: file)
    }

    public mutating func double(_ key: String, default fallback: Double, range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
        guard let node = value(key) else { return fallback }
        guard let number = node.scalar.flatMap({ Double($0.string) }), range.contains(number) else {
            throw ConfigurationError.at(node, file: file, "\(key) must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A hexadecimal number such as `0400` or `0x81`.
    public mutating func hex(_ key: String, range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let node = value(key) else { return nil }
        let text = try Self.scalar(node, key: key, file: file).lowercased()
        guard let number = Int(text.hasPrefix("0x") ? String(text.dropFirst(2)) : text, radix: 16), range.contains(number) else {
            throw ConfigurationError.at(node, file: file, "\(key) must be a hexadecimal number such as 0x81 or 0400")
        }
        return number
    }

    /// Bytes written as hex pairs, `AA AA AA 96 69`.
    public mutating func bytes(_ key: String) throws(ConfigurationError) -> [UInt8]? {
        guard let node = value(key) else { return nil }
        let text = try Self.scalar(node, key: key, file: file)
        var bytes: [UInt8] = []
        for pair in text.split(separator: " ") {
            guard pair.count == 2, let byte = UInt8(pair, radix: 16) else {
                throw ConfigurationError.at(node, file: file, "\(key) must be hex bytes separated by spaces, such as \"AA AA 96 69\"")
            }
            bytes.append(byte)
        }
        return bytes
    }

    /// One of a fixed set of words.
    public mutating func choice(_ key: String, _ choices: [String]) throws(ConfigurationError) -> String? {
        guard let node = value(key) else { return nil }
        let text = try Self.scalar(node, key: key, file: file)
        guard choices.contains(text) else {
            throw ConfigurationError.at(node, file: file, "\(key) must be one of \(choices.joined(separator: ", ")), not \"\(text)\"")
        }
        return text
    }

    /// Whether the mapping has a key, without reading it.
    public func has(_ key: String) -> Bool { mapping[key] != nil }

    public mutating func bool(_ key: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let node = value(key) else { return fallback }
        guard let flag = node.bool else { throw ConfigurationError.at(node, file: file, "\(key) must be true or false") }
        return flag
    }

    /// A list of scalars; a single scalar counts as a list of one.
    public mutating func strings(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let node = value(key) else { return nil }
        if let sequence = node.sequence {
            var result: [String] = []
            for item in sequence { result.append(try Self.scalar(item, key: key, file: file)) }
            return result
        }
        return [try Self.scalar(node, key: key, file: file)]
    }

    public mutating func mapping(_ key: String) throws(ConfigurationError) -> ConfigurationNode? {
        guard let node = value(key) else {
            if let typo = typo(of: key) { throw typo }
            return nil
        }
        return try ConfigurationNode(file: file, node: node, what: key)
    }

    public mutating func requiredMapping(_ key: String) throws(ConfigurationError) -> ConfigurationNode {
        guard let section = try mapping(key) else { throw error("missing section \"\(key)\"") }
        return section
    }

    /// The items of a list of mappings.
    public mutating func list(_ key: String) throws(ConfigurationError) -> [ConfigurationNode] {
        guard let node = value(key) else {
            if let typo = typo(of: key) { throw typo }
            return []
        }
        guard let sequence = node.sequence else { throw ConfigurationError.at(node, file: file, "\(key) must be a list") }
        var items: [ConfigurationNode] = []
        for item in sequence { items.append(try ConfigurationNode(file: file, node: item, what: "each item of \(key)")) }
        return items
    }

    /// The raw key-to-value pairs, for maps such as role tokens.
    public mutating func pairs(_ key: String) throws(ConfigurationError) -> [(key: String, value: String, node: Node)] {
        guard let node = value(key) else { return [] }
        guard let mapping = node.mapping else { throw ConfigurationError.at(node, file: file, "\(key) must be a mapping") }
        var pairs: [(key: String, value: String, node: Node)] = []
        for (name, item) in mapping {
            pairs.append((try Self.scalar(name, key: key, file: file), try Self.scalar(item, key: name.string ?? key, file: file), name))
        }
        return pairs
    }

    /// Refuses keys that were never read.
    public func finish(known extra: Set<String> = []) throws(ConfigurationError) {
        for (key, _) in mapping {
            let name = key.string ?? "?"
            guard !used.contains(name), !extra.contains(name) else { continue }
            let known = used.union(extra)
            var message = "unknown key \"\(name)\""
            if let guess = known.min(by: { editDistance($0, name) < editDistance($1, name) }),
                editDistance(guess, name) <= 2 || name.hasPrefix(guess) || guess.hasPrefix(name)
            {
                message += " (did you mean \"\(guess)\"?)"
            } else {
                message += " (known keys: \(known.sorted().joined(separator: ", ")))"
            }
            throw ConfigurationError.at(key, file: file, message)
        }
    }

    public func error(_ message: String) -> ConfigurationError { ConfigurationError.at(node, file: file, message) }

    public func error(at key: String, _ message: String) -> ConfigurationError {
        ConfigurationError.at(mapping[key] ?? node, file: file, message)
    }

    /// A missing key is often a mistyped one: name the typo rather than the absence.
    private func missing(_ key: String) -> ConfigurationError {
        typo(of: key) ?? ConfigurationError.at(node, file: file, "missing key \"\(key)\"")
    }

    private func typo(of key: String) -> ConfigurationError? {
        for (candidate, _) in mapping {
            // A key already read is a known key, not a typo of this one.
            if let name = candidate.string, name != key, !used.contains(name), editDistance(name, key) <= 2 {
                return ConfigurationError.at(candidate, file: file, "unknown key \"\(name)\" (did you mean \"\(key)\"?)")
            }
        }
        return nil
    }

    private static func scalar(_ node: Node, key: String, file: String) throws(ConfigurationError) -> String {
        guard let scalar = node.scalar else { throw ConfigurationError.at(node, file: file, "\(key) must be a single value") }
        return scalar.string
    }

    private static func int(_ node: Node, key: String, range: ClosedRange<Int>, file: String) throws(ConfigurationError) -> Int {
        guard let number = node.scalar.flatMap({ Int($0.string) }), range.contains(number) else {
            throw ConfigurationError.at(node, file: file, "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}

extension ConfigurationError {
    public static func at(_ node: Node, file: String, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: node.mark?.line, column: node.mark?.column, message: message)
    }
}

/// Levenshtein distance, for "did you mean" on mistyped keys.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(1, a.count) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(1, b.count) where !b.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}
