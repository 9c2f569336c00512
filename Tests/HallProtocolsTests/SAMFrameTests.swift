import HallProtocols
import HallTesting
import Testing

@Suite("SAM frames")
struct SAMFrameTests {
    /// Frames from PROTOCOLS.md section 1, checksums verified there.
    @Test(
        "commands encode to the documented bytes",
        arguments: [
            ([0x10, 0xFF], "AA AA AA 96 69 00 03 10 FF EC"),
            ([0x11, 0xFF], "AA AA AA 96 69 00 03 11 FF ED"),
            ([0x12, 0xFF], "AA AA AA 96 69 00 03 12 FF EE"),
            ([0x20, 0x01], "AA AA AA 96 69 00 03 20 01 22"),
            ([0x20, 0x02], "AA AA AA 96 69 00 03 20 02 21"),
            ([0x30, 0x01], "AA AA AA 96 69 00 03 30 01 32"),
            ([0x30, 0x10], "AA AA AA 96 69 00 03 30 10 23"),
        ] as [([UInt8], String)])
    func commands(payload: [UInt8], expected: String) {
        #expect(hex(SAMFrame.encode(payload)) == expected)
    }

    @Test("documented replies decode with their status")
    func replies() throws {
        var decoder = SAMFrameDecoder()
        let found = bytes("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97")
        let selected = bytes("AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C")
        let items = decoder.feed(found + selected)
        try #require(items.count == 2)
        guard case .frame(let first) = items[0], case .frame(let second) = items[1] else {
            Issue.record("expected two frames, got \(items)")
            return
        }
        #expect(try SAMReply(payload: first) == SAMReply(status: .cardFound, data: [0, 0, 0, 0]))
        #expect(try SAMReply(payload: second).status == .ok)
        #expect(SAMFrame.reply(.cardFound, data: [0, 0, 0, 0]) == found)
    }

    @Test("a card read reply has the documented size and decodes to the card")
    func cardRead() throws {
        let read = IDCardRead(text: Cards.zhang, photoLength: 1024)
        let frame = SAMFrame.reply(.ok, data: read.data)
        #expect(frame.count == 1295)
        #expect(hex(Array(frame[..<14])) == "AA AA AA 96 69 05 08 00 00 90 01 00 04 00")
        var decoder = SAMFrameDecoder()
        guard case .frame(let payload)? = decoder.feed(frame).first else {
            Issue.record("no frame")
            return
        }
        let decoded = try IDCardRead(data: try SAMReply(payload: payload).data)
        #expect(decoded == read)
        #expect(decoded.text.validTo == nil)
        #expect(decoded.text.nation == "汉")
    }

    @Test("a stream split at every byte boundary gives the same frames")
    func splitEverywhere() {
        let stream =
            SAMFrame.reply(.findCardFailed) + SAMFrame.reply(.ok, data: IDCardRead(text: Cards.zhang, photoLength: 1024).data)
            + SAMFrame.encode([0x20, 0x01])
        var whole = SAMFrameDecoder()
        let expected = whole.feed(stream)
        #expect(expected.count == 3)
        for cut in 0...stream.count {
            var decoder = SAMFrameDecoder()
            let items = decoder.feed(stream[..<cut]) + decoder.feed(stream[cut...])
            #expect(items == expected, "cut at \(cut)")
        }
    }

    @Test("garbage, a bad length and a bad checksum are reported and the next frame is found")
    func resynchronises() {
        let good = SAMFrame.reply(.cardFound, data: [0, 0, 0, 0])
        var corrupt = good
        corrupt[corrupt.count - 1] ^= 0xFF
        let impossible: [UInt8] = [0xAA, 0xAA, 0xAA, 0x96, 0x69, 0xFF, 0xFF]
        var decoder = SAMFrameDecoder()
        let items = decoder.feed([0x00, 0x13, 0xAA] + corrupt + impossible + good)
        #expect(items.contains(.error(.garbage(count: 3))))
        #expect(items.contains(.error(.badChecksum(expected: good.last!, found: corrupt.last!))))
        #expect(items.contains(.error(.badLength(0xFFFF))))
        #expect(items.filter { if case .frame = $0 { true } else { false } } == [.frame([0x00, 0x00, 0x9F, 0, 0, 0, 0])])
        #expect(decoder.pending == 0)
    }

    @Test("random and truncated input never crashes and stays bounded", arguments: 0..<20)
    func randomInput(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var decoder = SAMFrameDecoder()
        let good = SAMFrame.reply(.ok, data: IDCardRead(text: Cards.zhang, photoLength: 1024).data)
        for _ in 0..<200 {
            var chunk = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Now and then a preamble with a random length, or a truncated real frame.
            if Bool.random(using: &generator) { chunk += SAMFrame.preamble + [UInt8.random(in: 0...255, using: &generator)] }
            if Int.random(in: 0..<10, using: &generator) == 0 { chunk += good[..<Int.random(in: 0..<good.count, using: &generator)] }
            _ = decoder.feed(chunk)
            #expect(decoder.pending <= SAMFrame.headerLength + SAMFrame.maximumPayload + 1)
        }
        // After any garbage, a clean frame preceded by a full maximum frame of noise comes through.
        let noise = [UInt8](repeating: 0x00, count: SAMFrame.maximumPayload + 8)
        let tail = decoder.feed(noise + good)
        #expect(tail.contains(.frame(Array(good[7..<(good.count - 1)]))))
    }

    @Test("every status code has a meaning and a health class")
    func statuses() {
        #expect(SAMStatus.allCases.count == 18)
        #expect(SAMStatus(rawValue: 0x80)?.health == .fine)
        #expect(SAMStatus.samNotAuthorized.health == .samFault)
        #expect(SAMStatus.readFailed.health == .cardProblem)
        #expect(SAMStatus.unauthorized.description.contains("越权"))
        #expect(throws: SAMFrameError.unknownStatus(0x55)) { try SAMReply(payload: [0, 0, 0x55]) }
    }

    func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02X", $0) }.joined(separator: " ") }
    func bytes(_ text: String) -> [UInt8] { text.split(separator: " ").map { UInt8($0, radix: 16)! } }
}

enum Cards {
    static let zhang = IDCardText(
        name: "张小三", sex: .male, nationCode: 1, birthDate: "19491231", address: "北京市东城区景山前街4号",
        number: "11010519491231002X", authority: "北京市公安局东城分局", validFrom: "20150101", validTo: nil)
}
