/// Builds the bytes of a print job, command by command.
public struct EscPosEncoder: Sendable {
    public private(set) var bytes: [UInt8] = []
    public let encoding: EscPos.TextEncoding
    /// Whether the printer needs `FS &` before double-byte Chinese text.
    public let chineseMode: Bool

    public init(encoding: EscPos.TextEncoding = .gb18030, chineseMode: Bool = true) {
        self.encoding = encoding
        self.chineseMode = chineseMode
    }

    public mutating func initialize() {
        bytes += [0x1B, 0x40]
        if chineseMode { bytes += [0x1C, 0x26] }
    }

    public mutating func align(_ alignment: EscPos.Alignment) { bytes += [0x1B, 0x61, alignment.rawValue] }

    public mutating func bold(_ on: Bool) { bytes += [0x1B, 0x45, on ? 1 : 0] }

    /// Character size as multipliers, 1...8 each.
    public mutating func size(width: Int, height: Int) {
        let w = UInt8(min(max(width, 1), 8) - 1)
        let h = UInt8(min(max(height, 1), 8) - 1)
        bytes += [0x1D, 0x21, w << 4 | h]
    }

    /// One line of text and its line feed. GBK has no form for some rare characters; they
    /// print as `?`.
    public mutating func line(_ text: String) {
        bytes += GB18030.encode(encoding == .gbk ? text.map { Self.fitsGBK($0) ? String($0) : "?" }.joined() : text)
        bytes.append(0x0A)
    }

    /// A QR code (model 2) of `payload`, UTF-8.
    public mutating func qr(_ payload: String, moduleSize: Int = 6, errorCorrection: EscPos.ErrorCorrection = .medium) {
        let data = Array(payload.utf8)
        let length = data.count + 3
        bytes += [0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, UInt8(min(max(moduleSize, 1), 16))]
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, errorCorrection.rawValue]
        bytes += [0x1D, 0x28, 0x6B, UInt8(length & 0xFF), UInt8(length >> 8), 0x31, 0x50, 0x30] + data
        bytes += [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30]
    }

    public mutating func feed(_ lines: Int) { bytes += [0x1B, 0x64, UInt8(min(max(lines, 0), 255))] }

    public mutating func cut(_ cut: EscPos.Cut) {
        switch cut {
        case .full: bytes += [0x1D, 0x56, 0x00]
        case .partial: bytes += [0x1D, 0x56, 0x01]
        case .feedAndCut: bytes += [0x1D, 0x56, 0x42, 0x00]
        }
    }

    /// GBK covers the characters of GB2312 and more, but not GB18030's four-byte range.
    static func fitsGBK(_ character: Character) -> Bool { GB18030.encode(String(character)).count <= 2 * character.utf16.count }
}
