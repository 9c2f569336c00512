import Foundation
import HallClient
import HallProtocols
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real daemon printing on an RS-232 ticket printer: a PTY with a printer simulator on its
/// far end that answers DLE EOT 4.
@Suite("A kiosk printer on a serial port through the real daemon", .serialized)
struct SerialPrinterTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    @Test(
        "a ticket prints on a serial printer and is recorded once on paper; out of paper or a silent printer faults it; a reprint held for paper prints once when paper is back"
    )
    func serialPrinting() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("serial-printer-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let printer = try SerialPrinterSimulator(link: directory.appendingPathComponent("K1-printer").path)
        defer { printer.stop() }
        let yaml = SmallHall.yaml
            .replacingOccurrences(
                of: "  data_directory: {data}\n",
                with:
                    "  data_directory: {data}\n  devices_directory: \(Self.root)/Devices\n  layouts_directory: \(Self.root)/Layouts\n"
            )
            .replacingOccurrences(
                of: "  - {id: K1, name: 一号机}\n",
                with:
                    "  - id: K1\n    name: 一号机\n    devices:\n      - {role: printer, profile: printers/generic-escpos-80mm-serial, path: \(printer.path)}\n"
            )
        let daemon = try DaemonProcess(yaml: yaml, directory: directory)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        try daemon.waitForDevices(["K1.printer"], token: SmallHall.adminToken)
        let events = try EventStreamReader(port: daemon.port, token: SmallHall.displayToken)
        let connection = daemon.connection()
        func take() throws -> HTTPConnection.Response {
            try connection.request(
                "POST", "/api/v1/tickets", json: Data(#"{"service":"shebao","kiosk":"K1"}"#.utf8), token: SmallHall.kioskToken)
        }
        @discardableResult func printerState(_ state: String) throws -> [String: Any] {
            try events.waitFor("device.changed") { $0["device"] as? String == "K1.printer" && $0["state"] as? String == state }
        }

        #expect(try take().status == 201)
        let printed = try events.waitFor("ticket.printed")
        #expect(printed["number"] as? String == "A001")
        let ticket = try PrintedTicket(bytes: printer.printed)
        #expect(ticket.lines.contains("A001") && ticket.lines.contains("社保"), "\(ticket.lines)")
        #expect(ticket.cuts == [.feedAndCut])

        // Out of paper: faulted with the reason, and the kiosk takes no ticket.
        printer.setPaper(.out)
        let faulted = try printerState("faulted")
        #expect((faulted["reason"] as? String)?.contains("缺纸") == true, "\(faulted)")
        let refused = try take()
        #expect(refused.status == 409)
        #expect(refused.json()?["error"] as? String == "kiosk_printer_faulted")

        // A reprint meanwhile waits for paper: nothing is sent to a printer that would lose it.
        let asked = printer.statusRequests
        let reprint = try connection.request(
            "POST", "/api/v1/tickets/A001/print", json: Data(#"{"kiosk":"K1"}"#.utf8), token: SmallHall.adminToken)
        #expect(reprint.status == 202)
        #expect(eventually { printer.statusRequests > asked }, "the printer is asked before the reprint goes")
        #expect(printer.lost == 0 && printer.cuts == 1)
        printer.setPaper(.present)
        try printerState("ready")
        let again = try events.waitFor("ticket.printed")
        #expect(again["number"] as? String == "A001")
        #expect(eventually { printer.cuts == 2 })
        sleep(1)
        #expect(printer.cuts == 2, "printed once")

        // A printer that stops answering (switched off) is faulted, and ready when it answers.
        printer.setAnswers(false)
        let silent = try printerState("faulted")
        #expect((silent["reason"] as? String)?.contains("无应答") == true, "\(silent)")
        printer.setAnswers(true)
        try printerState("ready")
    }
}
