/// A numeric RS-485 display written with Modbus RTU. Function 16 writes one register per
/// character (its ASCII code) from `register` on; function 6 writes the number's digits as
/// one value. Frames and answers end with CRC-16/MODBUS, low byte first; a display answers
/// function 6 with an echo, function 16 with address, function, register and count.
public struct ModbusDisplay: BoardProtocol {
    public var function: UInt8
    public var register: Int
    public var digits: Int

    public init(function: UInt8 = 16, register: Int = 0, digits: Int = 4) {
        self.function = function
        self.register = register
        self.digits = digits
    }

    public var answers: Bool { true }
    public var asciiOnly: Bool { true }
    /// Modbus RTU marks frame ends by 3.5 character times of silence.
    public var minimumGapCharacters: Double { 3.5 }

    /// The characters shown: the last `digits` of the first line, right-aligned.
    func characters(_ text: String) -> [UInt8] {
        let line = asciiBytes(String(text.prefix { $0 != "\n" }))
        let shown = line.suffix(digits)
        return [UInt8](repeating: UInt8(ascii: " "), count: digits - shown.count) + shown
    }

    public func encode(_ text: String, address: Int) -> [UInt8] {
        var frame = [UInt8(address & 0xFF), function, UInt8(register >> 8), UInt8(register & 0xFF)]
        if function == 6 {
            let value = Int(String(decoding: characters(text).filter { (0x30...0x39).contains($0) }, as: UTF8.self)) ?? 0
            frame += [UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
        } else {
            let values = characters(text)
            frame += [UInt8(values.count >> 8), UInt8(values.count & 0xFF), UInt8(values.count * 2)]
            for value in values { frame += [0, value] }
        }
        return Self.withCRC(frame)
    }

    public static func withCRC(_ frame: [UInt8]) -> [UInt8] { frame + BoardChecksum.crc16Modbus.compute(frame, littleEndian: true) }

    public func reply(to frame: BoardFrame) -> [UInt8]? { Self.withCRC(Array(frame.bytes.prefix(6))) }

    public func checkReply(_ received: [UInt8], to frame: [UInt8], address: Int) -> BoardReplyCheck {
        if received.count >= 2, received[1] == function | 0x80 {
            guard received.count >= 5 else { return .incomplete }
            return .wrong("exception \(received[2]) from address \(received[0])")
        }
        guard received.count >= 8 else { return .incomplete }
        let expected = Self.withCRC(Array(frame.prefix(6)))
        return Array(received.prefix(8)) == expected ? .complete : .wrong("unexpected answer \(hex(received.prefix(8)))")
    }

    public func makeDecoder() -> any BoardFrameDecoding { Decoder() }

    /// Reads requests, as a display does. RTU has no start marker: a bad CRC drops one byte
    /// and tries again from the next.
    struct Decoder: BoardFrameDecoding {
        var buffer: [UInt8] = []
        var pending: Int { buffer.count }

        mutating func feed(_ bytes: some Sequence<UInt8>) -> [BoardDecoded] {
            buffer.append(contentsOf: bytes)
            var found: [BoardDecoded] = []
            while buffer.count >= 2 {
                let total: Int
                switch buffer[1] {
                case 6: total = 8
                case 16:
                    guard buffer.count >= 7 else { return found }
                    total = 9 + Int(buffer[6])
                default:
                    found.append(.error("garbage: function \(hex([buffer[1]])) is not a register write"))
                    buffer.removeFirst()
                    continue
                }
                guard buffer.count >= total else { return found }
                let frame = Array(buffer[..<total])
                guard Self.hasGoodCRC(frame) else {
                    found.append(.error("bad CRC in \(hex(frame))"))
                    buffer.removeFirst()
                    continue
                }
                buffer.removeFirst(total)
                let text: String
                if frame[1] == 6 {
                    text = String(Int(frame[4]) << 8 | Int(frame[5]))
                } else {
                    let values = stride(from: 7, to: total - 2, by: 2).map { frame[$0 + 1] }
                    text = String(decoding: values, as: UTF8.self)
                }
                found.append(.frame(BoardFrame(address: Int(frame[0]), text: text, bytes: frame)))
            }
            return found
        }

        static func hasGoodCRC(_ frame: [UInt8]) -> Bool {
            frame.suffix(2).elementsEqual(BoardChecksum.crc16Modbus.compute(frame.dropLast(2), littleEndian: true))
        }
    }
}
