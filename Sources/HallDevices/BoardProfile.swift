import HallProtocols

extension DeviceProfile {
    /// The protocol a window screen or hall board profile describes; nil for other families.
    public var boardProtocol: (any BoardProtocol)? {
        switch driver {
        case .ledTable:
            return frameTable
        case .keypadTable:
            return frameTable.map { KeypadDisplay(table: $0, command: bytes("display") ?? [0x02], digits: integer("display_digits") ?? 4) }
        case .ledAlpha:
            return AlphaSign(
                typeCode: word("type_code")?.utf8.first ?? UInt8(ascii: "Z"), checksum: flag("checksum") ?? true,
                fileLabel: word("file_label")?.utf8.first ?? UInt8(ascii: "A"))
        case .ledModbus:
            return ModbusDisplay(
                function: UInt8(integer("function") ?? 16), register: integer("register") ?? 0, digits: integer("digits") ?? 4)
        default:
            return nil
        }
    }

    /// The table a `led-table` or `keypad-table` profile describes.
    public var frameTable: FrameTable? {
        switch driver {
        case .ledTable, .keypadTable:
            var table = FrameTable(header: bytes("header") ?? [])
            table.addressBytes = integer("address_bytes") ?? 1
            table.addressFormat = word("address_format").flatMap(FrameTable.AddressFormat.init) ?? .binary
            table.command = bytes("command") ?? []
            table.lengthBytes = integer("length_bytes") ?? 0
            table.lengthBigEndian = word("length_order") != "little"
            table.lengthCounts = word("length_counts").flatMap(FrameTable.LengthCounts.init) ?? .data
            table.lengthRepeat = flag("length_repeat") ?? false
            table.lengthAfterHeader = word("length_position") == "after-header"
            table.lengthMarker = bytes("length_marker") ?? []
            table.encoding = word("encoding").flatMap(FrameTable.TextEncoding.init) ?? .gb18030
            table.checksum = word("checksum").flatMap(BoardChecksum.init) ?? .none
            table.checksumFrom = word("checksum_from").flatMap(FrameTable.ChecksumFrom.init) ?? .frameStart
            table.checksumBigEndian = word("checksum_order") != "little"
            table.trailer = bytes("trailer") ?? []
            table.ack = bytes("ack") ?? []
            // A keypad's frames carry a one-byte command: the poll, the display, the answer.
            if driver == .keypadTable && table.command.isEmpty { table.command = bytes("poll") ?? [0x01] }
            return table
        default:
            return nil
        }
    }

    /// Characters per line (a CJK character counts two) and lines of a board.
    public var boardWidth: Int { integer("width_chars") ?? integer("digits") ?? integer("display_digits") ?? 16 }
    public var boardLines: Int { integer("lines") ?? 1 }
    /// How long a board may take to answer, and how often a lost frame is sent again.
    public var boardAckTimeout: Double { Double(integer("ack_timeout_ms") ?? 100) / 1000 }
    public var boardRetries: Int { integer("retries") ?? 2 }

    /// What makes a board profile unusable, found at load rather than on the wire.
    var boardMistake: String? {
        switch driver {
        case .ledTable, .keypadTable:
            if bytes("header") == nil { return "a led-table frame needs a header: the decoder finds frames by it" }
            if (integer("length_bytes") ?? 0) == 0 && bytes("trailer") == nil {
                return "a led-table frame needs a length field or a trailer to end it"
            }
            if let width = integer("address_bytes"), word("address_format") == "ascii-hex", width == 0 {
                return "ascii-hex addresses need address_bytes"
            }
            return nil
        case .ledAlpha:
            if word("type_code").map({ $0.utf8.count != 1 }) ?? false { return "type_code is one character (Z = all signs)" }
            if word("file_label").map({ $0.utf8.count != 1 }) ?? false { return "file_label is one character" }
            return nil
        case .ledModbus:
            return [6, 16].contains(integer("function") ?? 16) ? nil : "function is 6 (write one register) or 16 (write several)"
        default:
            return nil
        }
    }
}
