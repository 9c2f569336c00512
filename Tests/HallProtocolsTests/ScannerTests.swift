import HallProtocols
import Testing

@Suite("Scanner decoders")
struct ScannerTests {
    /// Key events for `text` as a wedge scanner types them, 2 ms apart, then Enter.
    static func typing(_ text: String, from start: Double, suffix: UInt16? = 28) -> [InputEvent] {
        var events: [InputEvent] = []
        var time = start
        func key(_ code: UInt16, _ value: Int32) {
            events.append(InputEvent(time: time, type: 1, code: code, value: value))
            time += 0.001
        }
        let plain = Array("1234567890-=qwertyuiop[]asdfghjkl;'`\\zxcvbnm,./")
        let shifted = Array("!@#$%^&*()_+QWERTYUIOP{}ASDFGHJKL:\"~|ZXCVBNM<>?")
        let codes: [UInt16] = Array(2...13) + Array(16...27) + Array(30...41) + Array(43...53)
        for character in text {
            if let index = plain.firstIndex(of: character) {
                key(codes[index], 1)
                key(codes[index], 0)
            } else if let index = shifted.firstIndex(of: character) {
                key(42, 1)
                key(codes[index], 1)
                key(codes[index], 0)
                key(42, 0)
            }
        }
        if let suffix {
            key(suffix, 1)
            key(suffix, 0)
        }
        return events
    }

    @Test("keys with shift become the code, Enter ends it")
    func shifted() {
        var decoder = KeyboardWedgeDecoder()
        let code = "YY-2026-A7#x"
        let items = Self.typing(code, from: 100).flatMap { decoder.feed($0) }
        #expect(items.count == 1)
        guard case .scan(let text, _)? = items.first else { return }
        #expect(text == code)
    }

    @Test("two scans in quick succession stay two scans")
    func twoScans() {
        var decoder = KeyboardWedgeDecoder(gapMilliseconds: 50)
        let events = Self.typing("ABC123", from: 10) + Self.typing("https://hall.example/q?t=9", from: 10.06)
        let scans = events.flatMap { decoder.feed($0) }.compactMap { item -> String? in
            if case .scan(let text, _) = item { text } else { nil }
        }
        #expect(scans == ["ABC123", "https://hall.example/q?t=9"])
    }

    @Test("a partial scan cut by the gap is dropped, not glued to the next")
    func gapSeparates() {
        var decoder = KeyboardWedgeDecoder(gapMilliseconds: 50)
        let events = Self.typing("HALF", from: 1, suffix: nil) + Self.typing("WHOLE", from: 2)
        let items = events.flatMap { decoder.feed($0) }
        #expect(items.first == .dropped("\"HALF\" had no enter within 50 ms"))
        #expect(items.last.map { if case .scan("WHOLE", _) = $0 { true } else { false } } == true)
    }

    @Test("without a suffix the gap ends a scan")
    func noSuffix() {
        var decoder = KeyboardWedgeDecoder(suffix: .none, gapMilliseconds: 30)
        var items = Self.typing("A1", from: 5, suffix: nil).flatMap { decoder.feed($0) }
        #expect(items.isEmpty && decoder.isPending)
        items = decoder.expire(at: 5.5)
        #expect(items.count == 1)
        if case .scan(let text, _)? = items.first { #expect(text == "A1") }
    }

    @Test("input_event records round-trip at 24 bytes")
    func records() {
        let event = InputEvent(time: 1_764_400_000.25, type: 1, code: 30, value: 1)
        #expect(event.record.count == 24)
        #expect(InputEvent(record: event.record[...]) == event)
        #expect(Array(event.record[16..<24]) == [1, 0, 30, 0, 1, 0, 0, 0])
    }

    @Test("serial lines end with CR, LF or CRLF, split anywhere")
    func serialLines() {
        let stream = Array("YY20261129001\rHALL-2\r\nLAST\n".utf8)
        for cut in 0...stream.count {
            var decoder = ScanLineDecoder()
            let items = decoder.feed(stream[..<cut]) + decoder.feed(stream[cut...])
            #expect(items == [.scan("YY20261129001"), .scan("HALL-2"), .scan("LAST")], "cut at \(cut)")
        }
    }

    @Test("UTF-8 and GB18030 payloads decode to the same Chinese text")
    func chinese() {
        let text = "预约码：社保-A17"
        var utf8 = ScanLineDecoder(encoding: .auto)
        var gb = ScanLineDecoder(encoding: .auto)
        #expect(utf8.feed(Array(text.utf8) + [0x0D]) == [.scan(text)])
        let encoded = GB18030.encode(text)
        #expect(encoded.count == 16)
        #expect(Array(encoded.prefix(2)) == [0xD4, 0xA4])  // 预 in GB18030
        #expect(gb.feed(encoded + [0x0D, 0x0A]) == [.scan(text)])
        var strict = ScanLineDecoder(encoding: .utf8)
        #expect(strict.feed(encoded + [0x0D]) == [.error("a scan of 16 bytes is not valid utf-8 text")])
    }

    @Test("an overlong line is skipped and the next one read")
    func overlong() {
        var decoder = ScanLineDecoder(maximumLength: 16)
        let items = decoder.feed(Array(String(repeating: "9", count: 40).utf8) + [0x0D] + Array("OK".utf8) + [0x0D])
        #expect(items == [.error("a scan longer than 16 bytes was skipped"), .scan("OK")])
    }
}
