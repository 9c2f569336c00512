/// Reads ESC/POS bytes back into what the paper shows: lines of text with their size,
/// alignment and weight, QR codes, feeds and cuts. Tests and `hallctl ticket-preview` use it
/// to look at a ticket without a printer.
public struct PrintedTicket: Sendable, Equatable {
    public enum Element: Sendable, Equatable {
        case text(String, alignment: EscPos.Alignment, width: Int, height: Int, bold: Bool)
        case qr(String, moduleSize: Int)
        case feed(Int)
        case cut(EscPos.Cut)
    }

    public var elements: [Element] = []

    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        public var offset: Int
        public var message: String
        public var description: String { "byte \(offset): \(message)" }
    }

    /// The lines of text, in order.
    public var lines: [String] { elements.compactMap { if case .text(let text, _, _, _, _) = $0 { text } else { nil } } }
    public var qrCodes: [String] { elements.compactMap { if case .qr(let payload, _) = $0 { payload } else { nil } } }
    public var cuts: [EscPos.Cut] { elements.compactMap { if case .cut(let cut) = $0 { cut } else { nil } } }

    public init(elements: [Element]) { self.elements = elements }

    /// Decodes a job's bytes; text is read as GB18030 (which GBK is a part of).
    public init(bytes: [UInt8]) throws(Malformed) {
        var alignment = EscPos.Alignment.left
        var bold = false
        var width = 1
        var height = 1
        var text: [UInt8] = []
        var qrData: String?
        var moduleSize = 3
        var index = 0
        func need(_ count: Int) throws(Malformed) {
            guard index + count <= bytes.count else { throw Malformed(offset: index, message: "a command is cut short") }
        }
        func flushText() throws(Malformed) {
            guard let decoded = GB18030.decode(text) else { throw Malformed(offset: index, message: "text is not GB18030") }
            elements.append(.text(decoded, alignment: alignment, width: width, height: height, bold: bold))
            text = []
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x0A:
                try flushText()
                index += 1
            case 0x1B:
                try need(2)
                switch bytes[index + 1] {
                case 0x40:
                    (alignment, bold, width, height) = (.left, false, 1, 1)
                    index += 2
                case 0x61:
                    try need(3)
                    guard let value = EscPos.Alignment(rawValue: bytes[index + 2] & 0x0F) else {
                        throw Malformed(offset: index, message: "alignment \(bytes[index + 2])")
                    }
                    alignment = value
                    index += 3
                case 0x45:
                    try need(3)
                    bold = bytes[index + 2] & 1 == 1
                    index += 3
                case 0x64:
                    try need(3)
                    elements.append(.feed(Int(bytes[index + 2])))
                    index += 3
                default:
                    throw Malformed(offset: index, message: "unknown command ESC \(Self.hex(bytes[index + 1]))")
                }
            case 0x1C:
                try need(2)
                guard bytes[index + 1] == 0x26 || bytes[index + 1] == 0x2E else {
                    throw Malformed(offset: index, message: "unknown command FS \(Self.hex(bytes[index + 1]))")
                }
                index += 2
            case 0x1D:
                try need(2)
                switch bytes[index + 1] {
                case 0x21:
                    try need(3)
                    width = Int(bytes[index + 2] >> 4) + 1
                    height = Int(bytes[index + 2] & 0x0F) + 1
                    index += 3
                case 0x56:
                    try need(3)
                    switch bytes[index + 2] {
                    case 0x00, 0x30:
                        elements.append(.cut(.full))
                        index += 3
                    case 0x01, 0x31:
                        elements.append(.cut(.partial))
                        index += 3
                    case 0x41, 0x42:
                        try need(4)
                        elements.append(.cut(.feedAndCut))
                        index += 4
                    default: throw Malformed(offset: index, message: "unknown cut \(Self.hex(bytes[index + 2]))")
                    }
                case 0x28:
                    try need(5)
                    guard bytes[index + 2] == 0x6B else {
                        throw Malformed(offset: index, message: "unknown command GS ( \(Self.hex(bytes[index + 2]))")
                    }
                    let length = Int(bytes[index + 3]) | Int(bytes[index + 4]) << 8
                    try need(5 + length)
                    let body = Array(bytes[(index + 5)..<(index + 5 + length)])
                    guard body.count >= 2, body[0] == 0x31 else { throw Malformed(offset: index, message: "not a QR command") }
                    switch body[1] {
                    case 0x50:
                        qrData = String(decoding: body.dropFirst(3), as: UTF8.self)
                    case 0x51:
                        guard let data = qrData else { throw Malformed(offset: index, message: "QR print without stored data") }
                        elements.append(.qr(data, moduleSize: moduleSize))
                    case 0x43:
                        moduleSize = Int(body.count > 2 ? body[2] : 3)
                    default:
                        break  // model, error correction
                    }
                    index += 5 + length
                default:
                    throw Malformed(offset: index, message: "unknown command GS \(Self.hex(bytes[index + 1]))")
                }
            case 0x10:
                try need(3)
                index += 3  // a real-time request does not print
            case 0x00..<0x20 where byte != 0x0D:
                throw Malformed(offset: index, message: "unexpected control byte \(Self.hex(byte))")
            default:
                if byte != 0x0D { text.append(byte) }
                index += 1
            }
        }
        if !text.isEmpty { try flushText() }
    }

    static func hex(_ byte: UInt8) -> String { SAMFrameError.hex(byte) }
}
