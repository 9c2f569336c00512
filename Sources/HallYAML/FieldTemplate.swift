/// Text with `{field}` places, as ticket, board and voice layouts write it.
public enum FieldTemplate {
    /// `{field}` replaced by its value; a field without a value becomes empty.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            result += values[String(rest[rest.index(after: open)..<close])] ?? ""
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// Refuses a field not in `fields`, or a `{` without its `}`, naming the key's line and
    /// the nearest known field.
    public static func check(_ text: String, fields: Set<String>, in node: ConfigurationNode, key: String) throws(ConfigurationError) {
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { throw node.error(at: key, "a { without its }") }
            let field = String(rest[rest.index(after: open)..<close])
            guard fields.contains(field) else {
                let hint = fields.min { editDistance($0, field) < editDistance($1, field) }.map { " (did you mean {\($0)}?)" } ?? ""
                throw node.error(at: key, "unknown field {\(field)}\(hint); fields: \(fields.sorted().joined(separator: ", "))")
            }
            rest = rest[rest.index(after: close)...]
        }
    }
}
