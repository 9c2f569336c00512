/// The SAM module's frame (GA 467 style), the same on USB bulk and serial:
/// `AA AA AA 96 69 | LEN_H LEN_L | payload | CHK`, where LEN counts the payload and the
/// checksum byte, and CHK is the XOR of every byte from LEN_H to the end of the payload.
public enum SAMFrame {
    public static let preamble: [UInt8] = [0xAA, 0xAA, 0xAA, 0x96, 0x69]
    /// Preamble and length: what a reader must see before it knows how much follows.
    public static let headerLength = 7
    /// The longest payload a reader sends (text, photo and fingerprint with room to spare);
    /// a longer length is garbage, not a frame to wait for.
    public static let maximumPayload = 4096

    /// A whole frame around a payload: a command's `CMD PARA [data]`, or a reply's `SW1 SW2 SW3 [data]`.
    public static func encode(_ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 1
        var frame = preamble
        frame.append(UInt8(length >> 8))
        frame.append(UInt8(length & 0xFF))
        frame += payload
        frame.append(checksum(frame[5...]))
        return frame
    }

    /// A reply frame: status bytes `00 00 SW3`, then the data.
    public static func reply(_ status: SAMStatus, data: [UInt8] = []) -> [UInt8] {
        encode([0x00, 0x00, status.rawValue] + data)
    }

    static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt8 { bytes.reduce(0, ^) }
}

/// A decoded reply: the status word's third byte and what follows it.
public struct SAMReply: Sendable, Equatable {
    public var status: SAMStatus
    public var data: [UInt8]

    public init(status: SAMStatus, data: [UInt8] = []) {
        self.status = status
        self.data = data
    }

    /// Reads a reply out of a frame's payload.
    public init(payload: [UInt8]) throws(SAMFrameError) {
        guard payload.count >= 3 else { throw .shortReply(payload.count) }
        guard let status = SAMStatus(rawValue: payload[2]) else { throw .unknownStatus(payload[2]) }
        self.status = status
        data = Array(payload[3...])
    }
}
