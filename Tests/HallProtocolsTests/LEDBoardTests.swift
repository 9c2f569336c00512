import HallProtocols
import Testing

@Suite("LED board protocols")
struct LEDBoardTests {
    /// The seen vendor frame `A0 | id | cmd | len(2, BE, data) | data | sum16`.
    static var a0: FrameTable {
        var table = FrameTable(header: [0xA0])
        table.command = [0x01]
        table.lengthBytes = 2
        table.checksum = .sum16
        table.ack = [0xA0]
        return table
    }

    @Test("checksums: XOR, 8-bit and 16-bit sums, CRC-16/MODBUS check value")
    func checksums() {
        let bytes: [UInt8] = Array("123456789".utf8)
        #expect(BoardChecksum.crc16Modbus(bytes) == 0x4B37)
        #expect(BoardChecksum.crc16Modbus.compute(bytes, littleEndian: true) == [0x37, 0x4B])
        #expect(BoardChecksum.xor.compute([0x01, 0x03, 0xFF], littleEndian: false) == [0xFD])
        #expect(BoardChecksum.sum8.compute([0x80, 0x90], littleEndian: false) == [0x10])
        #expect(BoardChecksum.sum16.compute([0xFF, 0xFF, 0x03], littleEndian: false) == [0x02, 0x01])
        #expect(BoardChecksum.sum16.compute([0xFF, 0xFF, 0x03], littleEndian: true) == [0x01, 0x02])
    }

    @Test("table frame: A0 window screen frame byte for byte, in GB18030, and decoded back")
    func tableFrame() {
        let frame = Self.a0.encode("请A012号", address: 1)
        #expect(frame == [0xA0, 0x01, 0x01, 0x00, 0x08, 0xC7, 0xEB, 0x41, 0x30, 0x31, 0x32, 0xBA, 0xC5, 0x04, 0xAF])
        var decoder = Self.a0.makeDecoder()
        #expect(
            decoder.feed(frame) == [
                .frame(BoardFrame(address: 1, text: "请A012号", bytes: frame, command: [0x01], data: Array(frame[5..<13])))
            ])
        #expect(Self.a0.checkReply([0xA0], to: frame, address: 1) == .complete)
        #expect(Self.a0.checkReply([], to: frame, address: 1) == .incomplete)
        #expect(Self.a0.checkReply([0x15], to: frame, address: 1) == .wrong("unexpected answer 15"))
    }

    @Test(
        "table frame variants: ASCII-hex and BCD addresses, little-endian length counting the frame, XOR from the address, trailer, two lines"
    )
    func tableVariants() {
        var table = FrameTable(header: [0x55, 0xAA])
        table.addressBytes = 2
        table.addressFormat = .asciiHex
        table.command = [0x31]
        table.lengthBytes = 2
        table.lengthBigEndian = false
        table.lengthCounts = .frame
        table.encoding = .ascii
        table.checksum = .xor
        table.checksumFrom = .address
        table.trailer = [0x0D]
        let frame = table.encode("A1\nW2", address: 0x1F)
        // 55 AA | "1F" | 31 | len 14 (the whole frame) little-endian | "A1" CR "W2" | xor | 0D
        let xor = ([0x31, 0x46, 0x31, 0x0E, 0x00, 0x41, 0x31, 0x0D, 0x57, 0x32] as [UInt8]).reduce(0, ^)
        #expect(frame == [0x55, 0xAA, 0x31, 0x46, 0x31, 0x0E, 0x00, 0x41, 0x31, 0x0D, 0x57, 0x32, xor, 0x0D])
        var decoder = table.makeDecoder()
        #expect(
            decoder.feed(frame) == [
                .frame(BoardFrame(address: 0x1F, text: "A1\nW2", bytes: frame, command: [0x31], data: [0x41, 0x31, 0x0D, 0x57, 0x32]))
            ])

        var bcd = FrameTable(header: [0x68])
        bcd.addressFormat = .bcd
        bcd.encoding = .ascii
        bcd.checksum = .sum8
        bcd.trailer = [0x16]
        let bcdFrame = bcd.encode("7", address: 42)
        #expect(bcdFrame == [0x68, 0x42, 0x37, 0xE1, 0x16])
        var bcdDecoder = bcd.makeDecoder()
        #expect(bcdDecoder.feed(bcdFrame) == [.frame(BoardFrame(address: 42, text: "7", bytes: bcdFrame, data: [0x37]))])
    }

    @Test("table decoder: frames split at every byte, garbage, a bad checksum and a bad length are reported and skipped")
    func tableDecoderRobust() {
        let one = Self.a0.encode("请A001号", address: 3)
        let two = Self.a0.encode("5号窗口", address: 4)
        var decoder = Self.a0.makeDecoder()
        var frames: [BoardFrame] = []
        for byte in one + two {
            for case .frame(let frame) in decoder.feed([byte]) { frames.append(frame) }
        }
        #expect(frames.map(\.text) == ["请A001号", "5号窗口"])
        #expect(frames.map(\.address) == [3, 4])

        var corrupt = one
        corrupt[6] ^= 0x01
        var impossible = Self.a0.encode("x", address: 5)
        impossible[3] = 0xFF
        let items = decoder.feed([0x13, 0x37] + corrupt + impossible + two)
        #expect(items.contains(.error("garbage: 2 bytes before a frame header")))
        #expect(items.contains { if case .error(let message) = $0 { message.hasPrefix("bad checksum") } else { false } })
        #expect(items.contains { if case .error(let message) = $0 { message.hasPrefix("impossible length") } else { false } })
        #expect(
            items.last == .frame(BoardFrame(address: 4, text: "5号窗口", bytes: two, command: [0x01], data: Array(two[5..<(two.count - 2)]))))
    }

    @Test("keypad frame FF 68 LEN LEN 68 ADDR CMD DATA SUM 16: a poll and its answer byte for byte, decoded with command and data")
    func keypadFrame() {
        var table = FrameTable(header: [0xFF, 0x68])
        table.lengthBytes = 1
        table.lengthRepeat = true
        table.lengthAfterHeader = true
        table.lengthMarker = [0x68]
        table.lengthCounts = .commandAndData
        table.command = [0x01]
        table.encoding = .ascii
        table.checksum = .sum8
        table.checksumFrom = .afterHeader
        table.trailer = [0x16]
        let poll = table.frame(address: 0x0A, data: [])
        #expect(poll == [0xFF, 0x68, 0x01, 0x01, 0x68, 0x0A, 0x01, 0x75, 0x16])
        let answer = table.frame(address: 0x0A, data: [0x04], command: [0x81])
        #expect(answer == [0xFF, 0x68, 0x02, 0x02, 0x68, 0x0A, 0x81, 0x04, 0xFB, 0x16])
        var decoder = table.makeDecoder()
        #expect(
            decoder.feed(poll + answer) == [
                .frame(BoardFrame(address: 0x0A, text: "", bytes: poll, command: [0x01])),
                .frame(BoardFrame(address: 0x0A, text: "\u{04}", bytes: answer, command: [0x81], data: [0x04])),
            ])
        var broken = answer
        broken[3] = 0x03
        #expect(decoder.feed(broken).first == .error("impossible length field 02 03 68"))
        let display = KeypadDisplay(table: table, command: [0x02], digits: 4).encode("A012", address: 0x0A)
        #expect(display == table.frame(address: 0x0A, data: Array("A012".utf8), command: [0x02]))
    }

    @Test("Alpha: write text with checksum byte for byte; without checksum; decoded back; bad checksum refused")
    func alpha() {
        let sign = AlphaSign()
        let frame = sign.encode("A012", address: 1)
        #expect(
            frame == [0, 0, 0, 0, 0, 0x01, 0x5A, 0x30, 0x31, 0x02, 0x41, 0x41, 0x41, 0x30, 0x31, 0x32, 0x03, 0x30, 0x31, 0x35, 0x42, 0x04])
        let plain = AlphaSign(checksum: false).encode("7\n8", address: 0x2A)
        #expect(plain == [0, 0, 0, 0, 0, 0x01, 0x5A, 0x32, 0x41, 0x02, 0x41, 0x41, 0x37, 0x0D, 0x38, 0x04])
        #expect(sign.encode("请A1", address: 1).contains(UInt8(ascii: "?")))
        var decoder = sign.makeDecoder()
        var found: [BoardDecoded] = []
        for byte in frame + plain { found += decoder.feed([byte]) }
        #expect(
            found == [
                .frame(BoardFrame(address: 1, text: "A012", bytes: Array(frame.dropFirst(5)))),
                .frame(BoardFrame(address: 0x2A, text: "7\n8", bytes: Array(plain.dropFirst(5)))),
            ])
        var bad = frame
        bad[13] = 0x39
        #expect(decoder.feed(bad) == [.error("bad checksum 015B, expected 0164")])
        #expect(!sign.answers)
    }

    @Test("Modbus RTU: function 6 and 16 frames byte for byte, answers checked, exceptions named, requests decoded")
    func modbus() {
        let single = ModbusDisplay(function: 6, register: 1, digits: 4)
        #expect(single.encode("3", address: 1) == [0x01, 0x06, 0x00, 0x01, 0x00, 0x03, 0x98, 0x0B])
        let many = ModbusDisplay(function: 16, register: 0, digits: 4)
        let frame = many.encode("A012", address: 7)
        let body: [UInt8] = [0x07, 0x10, 0x00, 0x00, 0x00, 0x04, 0x08, 0x00, 0x41, 0x00, 0x30, 0x00, 0x31, 0x00, 0x32]
        #expect(frame == body + BoardChecksum.crc16Modbus.compute(body, littleEndian: true))
        #expect(many.encode("12", address: 7)[7...14] == [0x00, 0x20, 0x00, 0x20, 0x00, 0x31, 0x00, 0x32])
        var decoder = many.makeDecoder()
        guard case .frame(let decoded)? = decoder.feed(frame).first else {
            Issue.record("no frame decoded")
            return
        }
        #expect(decoded.text == "A012" && decoded.address == 7)
        let answer = many.reply(to: decoded) ?? []
        #expect(answer.count == 8 && Array(answer.prefix(6)) == [0x07, 0x10, 0x00, 0x00, 0x00, 0x04])
        #expect(many.checkReply(Array(answer.prefix(5)), to: frame, address: 7) == .incomplete)
        #expect(many.checkReply(answer, to: frame, address: 7) == .complete)
        let exception = ModbusDisplay.withCRC([0x07, 0x90, 0x02])
        #expect(many.checkReply(exception, to: frame, address: 7) == .wrong("exception 2 from address 7"))
        var corrupt = frame
        corrupt[9] ^= 0x40
        #expect(decoder.feed(corrupt + frame).last == .frame(decoded))
        #expect(many.minimumGapCharacters == 3.5)
    }
}
