/// The drivers a profile can name, with the family each serves, the transports it runs on and
/// the protocol parameters it takes. An unknown driver or parameter in a profile is an error.
public enum DriverKind: String, Sendable, Codable, CaseIterable {
    case samIDReader = "sam-id-reader"
    case evdevScanner = "evdev-scanner"
    case serialScanner = "serial-scanner"
    case escposPrinter = "escpos-printer"
    case ledTable = "led-table"
    case ledAlpha = "led-alpha"
    case ledModbus = "led-modbus"
    case keypadTable = "keypad-table"

    public var family: DeviceFamily {
        switch self {
        case .samIDReader: .idReaders
        case .evdevScanner, .serialScanner: .scanners
        case .escposPrinter: .printers
        case .ledTable, .ledAlpha, .ledModbus: .boards
        case .keypadTable: .keypads
        }
    }

    public var transports: Set<TransportKind> {
        switch self {
        case .samIDReader: [.usbBulk, .serial]
        case .evdevScanner: [.evdev]
        case .serialScanner: [.serial]
        case .escposPrinter: [.cups, .serial]
        case .ledTable, .ledAlpha, .ledModbus, .keypadTable: [.serial]
        }
    }

    /// What a table-driven frame is made of: shared by LED boards and keypads.
    private static let frameTable: [String: ParameterKind] = [
        "header": .bytes,
        "address_bytes": .integer(0...2),
        "address_format": .choice(["binary", "ascii-hex", "bcd"]),
        "command": .bytes,
        "length_bytes": .integer(0...2),
        "length_order": .choice(["big", "little"]),
        "length_counts": .choice(["data", "command-and-data", "after-length", "frame"]),
        "length_repeat": .flag,
        "length_position": .choice(["after-command", "after-header"]),
        "length_marker": .bytes,
        "encoding": .choice(["gb18030", "ascii"]),
        "checksum": .choice(["none", "xor", "sum8", "sum16", "crc16-modbus"]),
        "checksum_from": .choice(["frame-start", "after-header", "address"]),
        "checksum_order": .choice(["big", "little"]),
        "trailer": .bytes,
        "ack": .bytes,
        "ack_timeout_ms": .integer(1...5000),
        "retries": .integer(0...10),
        "width_chars": .integer(1...256),
        "lines": .integer(1...64),
    ]

    public var parameters: [String: ParameterKind] {
        switch self {
        case .samIDReader:
            [
                "reset": .bytes, "sam_status": .bytes, "read_sam_id": .bytes, "find_card": .bytes, "select_card": .bytes,
                "read_text_photo": .bytes, "pre_authenticate": .bytes, "poll_interval_ms": .integer(50...5000),
                "reply_timeout_ms": .integer(50...10_000),
            ]
        case .evdevScanner:
            ["suffix": .choice(["enter", "tab", "none"]), "gap_ms": .integer(5...1000), "grab": .flag, "layout": .choice(["us"])]
        case .serialScanner:
            ["encoding": .choice(["utf-8", "gb18030", "auto"]), "max_length": .integer(16...8192)]
        case .escposPrinter:
            [
                "paper_mm": .integer(58...80), "columns": .integer(16...64), "encoding": .choice(["gb18030", "gbk"]),
                "chinese_mode": .flag, "cut": .choice(["full", "partial", "feed-and-cut", "none"]), "feed_lines": .integer(0...20),
                "status_request": .flag, "status_interval_ms": .integer(200...60_000),
            ]
        case .ledTable:
            Self.frameTable
        case .ledAlpha:
            ["type_code": .text, "checksum": .flag, "file_label": .text, "width_chars": .integer(1...256)]
        case .ledModbus:
            ["function": .integer(6...16), "register": .integer(0...65535), "digits": .integer(1...16), "width_chars": .integer(1...16)]
        case .keypadTable:
            Self.frameTable.merging([
                "keys": .keyMap(
                    ["call-next", "recall", "no-show", "finish", "pause", "resume", "transfer", "start", "evaluate", "sign-out"]
                        + KeypadEntry.actions.sorted()),
                "poll": .bytes, "poll_interval_ms": .integer(20...5000), "display_digits": .integer(0...16), "display": .bytes,
                "ratings": .keyMap(["1", "2", "3", "4", "5"]),
            ]) { $1 }
        }
    }
}
