import HallCore
import HallYAML

/// What an LED board shows (`Layouts/boards/<name>.yaml`): a window's screen (calling, idle,
/// paused), the hall board (the latest calls, number to window, and who is waiting) or a notice.
/// Each text has an English form (`<key>_en`) for boards that show ASCII only. Lines are cut
/// at the board's width in columns (a CJK character counts two), or sent whole for the board
/// to scroll (`overflow: scroll`).
public struct BoardLayout: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case window, hall, notice
    }

    public enum Overflow: String, Sendable, CaseIterable {
        /// Cut at the board's width, with no mark: an LED line has no room for "…".
        case truncate
        /// Sent whole: the board scrolls what does not fit.
        case scroll
    }

    /// A window screen's three states.
    public enum WindowState: String, Sendable {
        case calling, idle, paused
    }

    public var name: String
    public var file: String
    public var kind: Kind
    public var overflow: Overflow
    /// Hall boards: how many of the latest calls they list.
    public var calls: Int
    /// Text lines by key (`calling`, `calling_en`, `call`, `waiting`, `text` ...).
    var texts: [String: [String]]

    /// The keys each kind needs, and the fields their text may name.
    static let keys: [Kind: [String]] = [.window: ["calling", "idle", "paused"], .hall: ["call", "waiting"], .notice: ["text"]]
    public static let fields: Set = ["number", "window", "window_name", "service", "service_en", "waiting", "notice", "hall"]

    public static func load(path: String, name: String) throws(ConfigurationError) -> BoardLayout {
        try parse(try String(contentsOfFileOrError: path), file: path, name: name)
    }

    public static func parse(_ text: String, file: String, name: String) throws(ConfigurationError) -> BoardLayout {
        var top = try ConfigurationNode.parse(text, file: file, what: "a board layout")
        let kindName = try top.choice("kind", Kind.allCases.map(\.rawValue))
        guard let kind = kindName.flatMap(Kind.init) else { throw top.error("a board layout needs kind: window, hall or notice") }
        var texts: [String: [String]] = [:]
        for key in keys[kind]! {
            for variant in [key, key + "_en"] {
                guard let lines = try top.strings(variant) else {
                    if variant == key { throw top.error("a \(kind.rawValue) layout needs \(key)") }
                    continue
                }
                for line in lines { try FieldTemplate.check(line, fields: fields, in: top, key: variant) }
                texts[variant] = lines
            }
        }
        let layout = BoardLayout(
            name: name, file: file, kind: kind,
            overflow: Overflow(rawValue: try top.choice("overflow", Overflow.allCases.map(\.rawValue)) ?? "truncate") ?? .truncate,
            calls: kind == .hall ? try top.int("calls", default: 3, range: 1...32) : 0, texts: texts)
        try top.finish()
        return layout
    }

    /// A window screen's text in `state`.
    public func window(_ state: WindowState, values: [String: String], width: Int, lines: Int, english: Bool) -> String {
        fit(text(state.rawValue, english).map { FieldTemplate.fill($0, values) }, width: width, lines: lines)
    }

    /// The hall board: one line per call, newest first (each with its own values), then the
    /// waiting line; a board with fewer lines keeps the newest calls.
    public func hall(calls latest: [[String: String]], values: [String: String], width: Int, lines: Int, english: Bool) -> String {
        let callLines = latest.prefix(calls).flatMap { call in
            text("call", english).map { FieldTemplate.fill($0, values.merging(call) { $1 }) }
        }
        let waiting = text("waiting", english).map { FieldTemplate.fill($0, values) }
        let kept = lines > waiting.count ? Array(callLines.prefix(lines - waiting.count)) + waiting : Array(callLines.prefix(lines))
        return fit(kept, width: width, lines: lines)
    }

    public func notice(values: [String: String], width: Int, lines: Int, english: Bool) -> String {
        fit(text("text", english).map { FieldTemplate.fill($0, values) }, width: width, lines: lines)
    }

    private func text(_ key: String, _ english: Bool) -> [String] { (english ? texts[key + "_en"] : nil) ?? texts[key] ?? [] }

    private func fit(_ lines: [String], width: Int, lines count: Int) -> String {
        lines.prefix(count).map { overflow == .scroll ? $0 : TextWidth.cut($0, limit: width) }.joined(separator: "\n")
    }
}
