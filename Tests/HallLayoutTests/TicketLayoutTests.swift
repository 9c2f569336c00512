import Foundation
import HallCore
import HallLayout
import HallProtocols
import Testing

@Suite("Ticket layouts and ESC/POS")
struct TicketLayoutTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Layouts/tickets")
        .standardized.path
    static let values = [
        "hall": "青川县政务服务中心", "service": "不动产登记", "number": "E012", "ahead": "3", "wait": "45", "window_hint": "请到 8、9 号窗口办理",
        "status_url": "http://127.0.0.1:8080/t/E012", "issued": "2026-11-29 09:30",
    ]
    static let widest = ["hall": 18, "service": 10, "number": 6, "ahead": 4, "wait": 4, "issued": 16]

    @Test("CJK characters take two columns; wrapping and truncation keep to the width", arguments: [16, 17, 32])
    func widths(limit: Int) {
        #expect(TextWidth.columns("A001 社保") == 9)
        #expect(TextWidth.columns("（）：") == 6)
        let text = "前面还有 12 人，预计等候 45 分钟 please wait"
        for line in TextWidth.wrap(text, limit: limit) { #expect(TextWidth.columns(line) <= limit, "\(line)") }
        #expect(TextWidth.wrap(text, limit: limit).joined() == text)
        let cut = TextWidth.truncate(text, limit: limit)
        #expect(TextWidth.columns(cut) <= limit && cut.hasSuffix("…"))
    }

    @Test("the default layouts print number, service, QR and cut, within the paper", arguments: [("default-80", 48), ("default-58", 32)])
    func defaults(name: String, columns: Int) throws {
        let layout = try TicketLayout.load(path: "\(Self.directory)/\(name).yaml", name: name)
        try layout.validate(columns: columns, widest: Self.widest)
        let job = TicketPrinterBytes.job(layout.render(Self.values, columns: columns, cut: .partial), feedLines: 3)
        let printed = try PrintedTicket(bytes: job)
        #expect(printed.lines.contains("E012"))
        #expect(printed.lines.contains("不动产登记"))
        #expect(printed.qrCodes == ["http://127.0.0.1:8080/t/E012"])
        #expect(printed.cuts == [.partial])
        for case .text(let text, _, let width, _, _) in printed.elements {
            #expect(TextWidth.columns(text) * width <= columns, "\(text) at size \(width)")
        }
        // The number is big and bold, in the middle.
        #expect(printed.elements.contains { if case .text("E012", .center, let width, _, true) = $0 { width >= 3 } else { false } })
    }

    @Test("a printer without a cutter gets no cut")
    func noCutter() throws {
        let layout = try TicketLayout.load(path: "\(Self.directory)/default-58.yaml", name: "default-58")
        let printed = try PrintedTicket(bytes: TicketPrinterBytes.job(layout.render(Self.values, columns: 32, cut: nil)))
        #expect(printed.cuts.isEmpty)
    }

    @Test(
        "layout errors name the file and line",
        arguments: [
            ("  - {text: \"{numbr}\"}", "t.yaml:2:12: unknown field {numbr} (did you mean {number}?)"),
            ("  - {text: \"A\", size: 9}", "t.yaml:2:23: size must be 1 to 8"),
            ("  - {text: \"A\", size: 2y2}", "size must be 1 to 8, or width x height"),
            ("  - {text: \"A\", colour: red}", #"unknown key "colour""#),
            ("  - {qr: \"{status_url}\", module: 20}", "module must be"),
            ("  - {bold: true}", "t.yaml:2:5: a block needs one of text, separator, qr, feed or cut"),
            ("  - {separator: \"--\"}", "separator must be one character"),
        ])
    func errors(block: String, expected: String) {
        do {
            _ = try TicketLayout.parse("blocks:\n\(block)\n", file: "t.yaml", name: "t")
            Issue.record("no error for \(block)")
        } catch {
            #expect(error.description.contains(expected), "got: \(error.description)")
        }
    }

    @Test("a line that must fit is refused at start when its widest values would not")
    func tooWide() throws {
        let layout = try TicketLayout.parse(
            "blocks:\n  - {text: \"x\"}\n  - {text: \"请到 {service} 窗口\", size: 2, overflow: none}\n", file: "t.yaml", name: "t")
        #expect(throws: Never.self) { try layout.validate(columns: 48, widest: ["service": 10]) }
        do {
            try layout.validate(columns: 32, widest: ["service": 10])
            Issue.record("no error")
        } catch {
            #expect(
                error.description
                    == "t.yaml:3:5: this line can be 40 columns wide at size 2, but the paper has 32; use overflow: wrap or truncate")
        }
    }

    @Test("ESC/POS bytes: documented commands, Chinese in GB18030, and the decoder reads them back")
    func escpos() throws {
        var encoder = EscPosEncoder()
        encoder.initialize()
        encoder.align(.center)
        encoder.size(width: 2, height: 2)
        encoder.bold(true)
        encoder.line("社保 A001")
        encoder.qr("http://h/t/A001", moduleSize: 5)
        encoder.feed(3)
        encoder.cut(.feedAndCut)
        let bytes = encoder.bytes
        #expect(Array(bytes[0..<13]) == [0x1B, 0x40, 0x1C, 0x26, 0x1B, 0x61, 0x01, 0x1D, 0x21, 0x11, 0x1B, 0x45, 0x01])
        // 社 C9 E7, 保 B1 A3 in GB18030.
        #expect(Array(bytes[13..<17]) == [0xC9, 0xE7, 0xB1, 0xA3])
        let store = [0x1D, 0x28, 0x6B, 0x12, 0x00, 0x31, 0x50, 0x30] + Array("http://h/t/A001".utf8) as [UInt8]
        #expect(bytes.firstRange(of: store) != nil)
        #expect(Array(bytes.suffix(7)) == [0x1B, 0x64, 0x03, 0x1D, 0x56, 0x42, 0x00])
        let printed = try PrintedTicket(bytes: bytes)
        #expect(
            printed.elements == [
                .text("社保 A001", alignment: .center, width: 2, height: 2, bold: true), .qr("http://h/t/A001", moduleSize: 5), .feed(3),
                .cut(.feedAndCut),
            ])
        #expect(throws: PrintedTicket.Malformed.self) { try PrintedTicket(bytes: [0x1B, 0x99]) }
        #expect(throws: PrintedTicket.Malformed.self) { try PrintedTicket(bytes: [0x1D, 0x28, 0x6B, 0x40]) }
        #expect(EscPos.PaperStatus(byte: 0x12) == .ok)
        #expect(EscPos.PaperStatus(byte: 0x1E) == .nearEnd)
        #expect(EscPos.PaperStatus(byte: 0x72) == .out)
    }
}
