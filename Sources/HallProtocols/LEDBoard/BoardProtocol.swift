/// A way of putting text on an addressed LED board: the table-driven vendor frame, the Alpha
/// sign protocol or Modbus RTU. Encoders serve the daemon; decoders and replies serve the
/// simulators and the diagnostics. Text lines are separated by "\n".
public protocol BoardProtocol: Sendable {
    /// The frame that makes the board at `address` show `text`.
    func encode(_ text: String, address: Int) -> [UInt8]
    /// Whether a board answers each frame (then a missing answer means the frame is lost).
    var answers: Bool { get }
    /// What a healthy board at `address` answers to a good `frame`; nil when boards do not answer.
    func reply(to frame: BoardFrame) -> [UInt8]?
    /// Whether `received` is the answer to `frame`: complete, still arriving, or wrong.
    func checkReply(_ received: [UInt8], to frame: [UInt8], address: Int) -> BoardReplyCheck
    /// A decoder for frames in a byte stream, as a board (or a simulator) reads them.
    func makeDecoder() -> any BoardFrameDecoding
    /// True when the board shows ASCII only (then layouts use their English text).
    var asciiOnly: Bool { get }
    /// The silence a bus needs between frames, in character times (Modbus: 3.5).
    var minimumGapCharacters: Double { get }
}

/// A frame a board received: whom it was for and the text it carries.
public struct BoardFrame: Sendable, Equatable {
    public var address: Int
    public var text: String
    /// The frame's bytes, as they were on the wire.
    public var bytes: [UInt8]
    /// A table frame's command and raw data (a keypad's poll, its answer's key code).
    public var command: [UInt8]
    public var data: [UInt8]

    public init(address: Int, text: String, bytes: [UInt8], command: [UInt8] = [], data: [UInt8] = []) {
        self.address = address
        self.text = text
        self.bytes = bytes
        self.command = command
        self.data = data
    }
}

public enum BoardReplyCheck: Sendable, Equatable {
    case complete
    case incomplete
    case wrong(String)
}

/// What a board decoder finds in a byte stream.
public enum BoardDecoded: Sendable, Equatable {
    case frame(BoardFrame)
    /// Bytes skipped, and why (garbage, a bad checksum, a bad trailer).
    case error(String)
}

public protocol BoardFrameDecoding {
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [BoardDecoded]
    /// Bytes waiting for the rest of their frame.
    var pending: Int { get }
}

extension BoardProtocol {
    public var minimumGapCharacters: Double { 1 }
}

/// Text for a board whose wire encoding is ASCII: anything else becomes "?".
func asciiBytes(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { $0.isASCII ? UInt8($0.value) : UInt8(ascii: "?") }
}

func hexDigits(_ value: Int, count: Int) -> [UInt8] {
    let digits = Array("0123456789ABCDEF".utf8)
    return (0..<count).reversed().map { digits[(value >> ($0 * 4)) & 0xF] }
}

func hexValue(_ bytes: some Collection<UInt8>) -> Int? {
    var value = 0
    for byte in bytes {
        guard let digit = Int(String(UnicodeScalar(byte)), radix: 16) else { return nil }
        value = value << 4 | digit
    }
    return bytes.isEmpty ? nil : value
}

func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { String(hexDigits(Int($0), count: 2).map { Character(UnicodeScalar($0)) }) }.joined(separator: " ")
}
