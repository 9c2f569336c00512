import Foundation
import HallCore
import HallProtocols
import HallYAML
import Yams

/// A ticket's layout (`Layouts/tickets/<name>.yaml`): a list of blocks, each a line of text with
/// fields, a separator, a QR code, a feed or the cut. Read and checked when the daemon starts, so
/// that a mistake names its file and line then, not at print time.
public struct TicketLayout: Sendable, Equatable {
    public enum Overflow: String, Sendable, CaseIterable {
        /// Break between characters onto more lines.
        case wrap
        /// Cut at the paper's edge and end with "…".
        case truncate
        /// Must fit: checked at start against the longest value each field can take.
        case none
    }

    public enum Block: Sendable, Equatable {
        case text(String, alignment: EscPos.Alignment, width: Int, height: Int, bold: Bool, overflow: Overflow)
        case separator(Character)
        case qr(String, moduleSize: Int, alignment: EscPos.Alignment)
        case feed(Int)
        /// The printer profile's cut when nil.
        case cut(EscPos.Cut?)
    }

    /// A block with the line it came from, for errors found later (against a paper width).
    public struct Located: Sendable, Equatable {
        public var block: Block
        public var line: Int
        public var column: Int
    }

    public var name: String
    public var file: String
    public var blocks: [Located]

    /// What `{field}` may name.
    public static let fields: Set = [
        "number", "service", "service_en", "ahead", "wait", "issued", "date", "time", "hall", "window_hint", "status_url", "kiosk",
        "holder", "priority", "materials",
    ]

    public static func load(path: String, name: String) throws(ConfigurationError) -> TicketLayout {
        try parse(try String(contentsOfFileOrError: path), file: path, name: name)
    }

    public static func parse(_ text: String, file: String, name: String) throws(ConfigurationError) -> TicketLayout {
        var top = try ConfigurationNode.parse(text, file: file, what: "a ticket layout")
        var blocks: [Located] = []
        for var item in try top.list("blocks") {
            let mark = item.node.mark
            let block: Block
            if item.has("text") {
                let text = try item.string("text")
                try FieldTemplate.check(text, fields: Self.fields, in: item, key: "text")
                let (width, height) = try Self.size(&item)
                block = .text(
                    text, alignment: try Self.alignment(&item), width: width, height: height, bold: try item.bool("bold", default: false),
                    overflow: Overflow(rawValue: try item.choice("overflow", Overflow.allCases.map(\.rawValue)) ?? "wrap") ?? .wrap)
            } else if item.has("separator") {
                let symbol = try item.string("separator")
                guard symbol.count == 1, let character = symbol.first else {
                    throw item.error(at: "separator", "separator must be one character, such as -")
                }
                block = .separator(character)
            } else if item.has("qr") {
                let payload = try item.string("qr")
                try FieldTemplate.check(payload, fields: Self.fields, in: item, key: "qr")
                block = .qr(
                    payload, moduleSize: try item.int("module", default: 6, range: 1...16),
                    alignment: try Self.alignment(&item, default: .center))
            } else if item.has("feed") {
                block = .feed(try item.int("feed", range: 0...20))
            } else if item.has("cut") {
                let kind = try item.choice("cut", ["full", "partial", "feed-and-cut", "printer"])
                block = .cut(kind.flatMap(EscPos.Cut.init(word:)))
            } else {
                throw item.error("a block needs one of text, separator, qr, feed or cut")
            }
            try item.finish()
            blocks.append(Located(block: block, line: (mark?.line ?? 0), column: mark?.column ?? 0))
        }
        try top.finish()
        guard !blocks.isEmpty else { throw top.error("a ticket layout needs blocks") }
        return TicketLayout(name: name, file: file, blocks: blocks)
    }

    /// Checks the layout against a paper `columns` wide, with the widest value each field can
    /// take: a `none` line that could overflow is an error, at its line.
    public func validate(columns: Int, widest: [String: Int]) throws(ConfigurationError) {
        for located in blocks {
            guard case .text(let text, _, let width, _, _, .none) = located.block else { continue }
            let needed = Self.widestColumns(text, widest: widest) * width
            if needed > columns {
                throw ConfigurationError(
                    file: file, line: located.line, column: located.column,
                    message:
                        "this line can be \(needed) columns wide at size \(width), but the paper has \(columns); use overflow: wrap or truncate"
                )
            }
        }
    }

    /// The ticket for these field values on paper `columns` wide, as printed blocks. `cut` is
    /// the printer's own cut, used where the layout says `cut: printer`; nil for a printer
    /// without a cutter.
    public func render(_ values: [String: String], columns: Int, cut printerCut: EscPos.Cut? = .feedAndCut) -> [PrintedTicket.Element] {
        var elements: [PrintedTicket.Element] = []
        for located in blocks {
            switch located.block {
            case .text(let template, let alignment, let width, let height, let bold, let overflow):
                let text = FieldTemplate.fill(template, values)
                // A line made only of fields that are empty here (no guide, no window) is left out.
                if text.isEmpty { continue }
                let limit = max(1, columns / width)
                let lines =
                    overflow == .wrap
                    ? TextWidth.wrap(text, limit: limit) : [overflow == .truncate ? TextWidth.truncate(text, limit: limit) : text]
                for line in lines { elements.append(.text(line, alignment: alignment, width: width, height: height, bold: bold)) }
            case .separator(let character):
                elements.append(
                    .text(
                        String(repeating: character, count: columns / TextWidth.columns(character)), alignment: .left, width: 1, height: 1,
                        bold: false))
            case .qr(let template, let moduleSize, _):
                elements.append(.qr(FieldTemplate.fill(template, values), moduleSize: moduleSize))
            case .feed(let lines):
                elements.append(.feed(lines))
            case .cut(let cut):
                if let chosen = cut ?? printerCut, printerCut != nil { elements.append(.cut(chosen)) }
            }
        }
        return elements
    }

    static func widestColumns(_ template: String, widest: [String: Int]) -> Int {
        var total = 0
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            total += TextWidth.columns(rest[..<open]) + (widest[String(rest[rest.index(after: open)..<close])] ?? 0)
            rest = rest[rest.index(after: close)...]
        }
        return total + TextWidth.columns(rest)
    }

    static func size(_ item: inout ConfigurationNode) throws(ConfigurationError) -> (Int, Int) {
        guard let text = try item.optionalString("size") else { return (1, 1) }
        let parts = text.lowercased().split(separator: "x").map { Int($0) }
        switch parts.count {
        case 1 where parts[0].map({ (1...8).contains($0) }) == true: return (parts[0]!, parts[0]!)
        case 2 where parts.allSatisfy({ $0.map { (1...8).contains($0) } == true }): return (parts[0]!, parts[1]!)
        default: throw item.error(at: "size", "size must be 1 to 8, or width x height such as 2x3, not \"\(text)\"")
        }
    }

    static func alignment(_ item: inout ConfigurationNode, default fallback: EscPos.Alignment = .left) throws(ConfigurationError)
        -> EscPos.Alignment
    {
        switch try item.choice("align", ["left", "center", "right"]) {
        case "center": .center
        case "right": .right
        case "left": .left
        default: fallback
        }
    }
}

extension String {
    init(contentsOfFileOrError path: String) throws(ConfigurationError) {
        do {
            self = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, message: "cannot read the file: \(error.localizedDescription)")
        }
    }
}
