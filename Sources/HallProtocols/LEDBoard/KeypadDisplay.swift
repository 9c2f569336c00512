/// The digits on a window keypad or evaluation pad, written with the keypad's own frame and
/// its display command: the last `digits` characters of the first line, in ASCII. Pads do not
/// answer display frames; their polls carry the answers.
public struct KeypadDisplay: BoardProtocol {
    public var table: FrameTable
    public var command: [UInt8]
    public var digits: Int

    public init(table: FrameTable, command: [UInt8], digits: Int) {
        self.table = table
        self.command = command
        self.digits = digits
    }

    public var answers: Bool { false }
    public var asciiOnly: Bool { true }

    public func encode(_ text: String, address: Int) -> [UInt8] {
        let line = asciiBytes(String(text.prefix { $0 != "\n" }))
        return table.frame(address: address, data: Array(line.suffix(digits)), command: command)
    }

    public func reply(to frame: BoardFrame) -> [UInt8]? { nil }
    public func checkReply(_ received: [UInt8], to frame: [UInt8], address: Int) -> BoardReplyCheck { .complete }
    public func makeDecoder() -> any BoardFrameDecoding { table.makeDecoder() }
}
