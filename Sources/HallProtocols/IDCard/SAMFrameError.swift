/// What was wrong with bytes from an ID card reader.
public enum SAMFrameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bytes before a preamble that belong to no frame.
    case garbage(count: Int)
    case badLength(Int)
    case badChecksum(expected: UInt8, found: UInt8)
    case shortReply(Int)
    case unknownStatus(UInt8)

    public var description: String {
        switch self {
        case .garbage(let count): "\(count) bytes outside any frame skipped"
        case .badLength(let length): "frame length \(length) is impossible (1-\(SAMFrame.maximumPayload + 1))"
        case .badChecksum(let expected, let found):
            "frame checksum \(Self.hex(found)) does not match the bytes (\(Self.hex(expected)))"
        case .shortReply(let count): "reply of \(count) bytes has no status word"
        case .unknownStatus(let code): "unknown status code \(Self.hex(code))"
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0x0" + digits : "0x" + digits
    }
}
