import Foundation

/// A CSV file (RFC 4180: commas, double-quoted fields with "" inside, CRLF or LF) as rows of
/// named fields, the first row naming them. A UTF-8 byte order mark, which spreadsheet
/// exports put first, is skipped.
struct CSVTable {
    var header: [String]
    var rows: [[String]]

    struct Malformed: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    init(_ text: String) throws {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var characters = text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append(characters.removeFirst())
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                record.append(field)
                if record != [""] { records.append(record) }
                record = []
                field = ""
                line += 1
            default: field.append(character)
            }
        }
        if quoted { throw Malformed(line: line, message: "a quoted field is not closed") }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        guard let first = records.first else { throw Malformed(line: 1, message: "the file is empty") }
        header = first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        rows = Array(records.dropFirst())
        for (index, row) in rows.enumerated() where row.count != header.count {
            throw Malformed(line: index + 2, message: "\(row.count) fields, but the header names \(header.count)")
        }
    }

    /// Each row as a mapping from column name to its non-empty value.
    var objects: [[String: String]] {
        rows.map { row in
            Dictionary(uniqueKeysWithValues: zip(header, row).filter { !$0.1.isEmpty })
        }
    }
}
