/// Turns a keyboard-wedge scanner's key events into scanned codes. A scanner "types" each
/// character as key down/up pairs (with shift for capitals and symbols) and ends the scan
/// with Enter or Tab. Key events further apart than the gap belong to different scans: a
/// scan cut short (a half-read label) is dropped rather than glued to the next one.
public struct KeyboardWedgeDecoder: Sendable {
    public enum Suffix: String, Sendable { case enter, tab, none }

    public enum Item: Sendable, Equatable {
        case scan(String, at: Double)
        /// Keys that did not make a scan: a partial code abandoned at a gap, an unknown key.
        case dropped(String)
    }

    public let suffix: Suffix
    public let gap: Double
    private var text = ""
    private var lastKeyAt: Double?
    private var shift = 0

    static let enter: UInt16 = 28
    static let tab: UInt16 = 15
    static let shifts: Set<UInt16> = [42, 54]
    /// US layout: key code to (plain, shifted).
    static let keys: [UInt16: (Character, Character)] = {
        var keys: [UInt16: (Character, Character)] = [:]
        func row(_ first: UInt16, _ plain: String, _ shifted: String) {
            for (offset, pair) in zip(plain, shifted).enumerated() { keys[first + UInt16(offset)] = pair }
        }
        row(2, "1234567890-=", "!@#$%^&*()_+")
        row(16, "qwertyuiop[]", "QWERTYUIOP{}")
        row(30, "asdfghjkl;'`", "ASDFGHJKL:\"~")
        row(43, "\\zxcvbnm,./", "|ZXCVBNM<>?")
        keys[57] = (" ", " ")
        return keys
    }()

    public init(suffix: Suffix = .enter, gapMilliseconds: Int = 50) {
        self.suffix = suffix
        gap = Double(gapMilliseconds) / 1000
    }

    public mutating func feed(_ event: InputEvent) -> [Item] {
        guard event.type == InputEvent.keyType else { return [] }
        if Self.shifts.contains(event.code) {
            // 1 down, 0 up, 2 autorepeat.
            if event.value == 1 { shift += 1 } else if event.value == 0 { shift = max(0, shift - 1) }
            return []
        }
        guard event.value == 1 else { return [] }
        var items = expire(at: event.time)
        lastKeyAt = event.time
        if (event.code == Self.enter && suffix == .enter) || (event.code == Self.tab && suffix == .tab) {
            if !text.isEmpty { items.append(.scan(text, at: event.time)) }
            text = ""
            lastKeyAt = nil
        } else if let pair = Self.keys[event.code] {
            text.append(shift > 0 ? pair.1 : pair.0)
        } else {
            items.append(.dropped("key code \(event.code)"))
        }
        return items
    }

    /// Ends what the gap has ended by `now`: a finished scan without suffix, or a partial
    /// scan whose suffix never came. Call it when no key has come for a gap.
    public mutating func expire(at now: Double) -> [Item] {
        guard let lastKeyAt, now - lastKeyAt > gap, !text.isEmpty else { return [] }
        defer {
            text = ""
            self.lastKeyAt = nil
        }
        return suffix == .none
            ? [.scan(text, at: lastKeyAt)] : [.dropped("\"\(text)\" had no \(suffix.rawValue) within \(Int(gap * 1000)) ms")]
    }

    /// Whether a partial scan is waiting for more keys or its gap.
    public var isPending: Bool { !text.isEmpty }
}
