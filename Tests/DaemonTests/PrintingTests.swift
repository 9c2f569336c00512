import Foundation
import HallProtocols
import HallServer
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Ticket printing through the real daemon and a private cupsd", .serialized)
struct PrintingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    @Test(
        "a kiosk ticket prints in Chinese with its QR code and cut; out of paper is seen, the kiosk says so, and the ticket prints once when paper is back"
    )
    func printing() throws {
        let cupsd = try PrivateCupsd()
        try cupsd.addQueue("K1")
        let yaml = SmallHall.yaml
            .replacingOccurrences(
                of: "  data_directory: {data}\n",
                with:
                    "  data_directory: {data}\n  devices_directory: \(Self.root)/Devices\n  layouts_directory: \(Self.root)/Layouts\n  cups_server: \(cupsd.server)\n"
            )
            .replacingOccurrences(
                of: "  - {id: K1, name: 一号机}\n",
                with:
                    "  - id: K1\n    name: 一号机\n    devices:\n      - {role: printer, profile: printers/generic-escpos-80mm, path: K1}\n  - {id: K2, name: 二号机}\n"
            )
        let daemon = try DaemonProcess(yaml: yaml)
        defer { daemon.signal(SIGTERM) }
        try daemon.waitForDevices(["K1.printer"], token: SmallHall.adminToken)
        let events = try EventStreamReader(port: daemon.port, token: SmallHall.displayToken)
        let connection = daemon.connection()
        func take() throws -> HTTPConnection.Response {
            try connection.request(
                "POST", "/api/v1/tickets", json: Data(#"{"service":"shebao","kiosk":"K1"}"#.utf8), token: SmallHall.kioskToken)
        }

        #expect(try take().status == 201)
        #expect(eventually { cupsd.printed("K1").count == 1 })
        let ticket = try PrintedTicket(bytes: try #require(cupsd.printed("K1").first))
        #expect(ticket.lines.contains("A001"))
        #expect(ticket.lines.contains("社保"))
        #expect(ticket.lines.contains("测试大厅"))
        // The citizen's page for the ticket, with the key that lets its holder rate the service.
        let qr = try #require(ticket.qrCodes.first)
        let key = try #require(qr.split(separator: "/ticket/A001?k=").last)
        #expect(qr.hasPrefix("http://") && key.count == 16 && key.allSatisfy(\.isHexDigit), "\(qr)")
        #expect(ticket.cuts == [.feedAndCut])
        for case .text(let text, _, let width, _, _) in ticket.elements { #expect(text.count * width <= 48) }
        let printed = try events.waitFor("ticket.printed")
        #expect(printed["number"] as? String == "A001")
        #expect((printed["job"] as? Int ?? 0) > 0)

        // Out of paper: the next ticket is taken, its job stops, the device is faulted with the
        // reason and the kiosk is told its number; the kiosk then takes no tickets.
        try cupsd.setFault("K1", "media-empty-error")
        #expect(try take().status == 201)
        var notice: [String: Any]?
        var faulted: [String: Any]?
        while notice == nil || faulted == nil {
            let event = try events.next()
            if event.name == "kiosk.notice" { notice = event.fields }
            if event.name == "device.changed" && event.fields["device"] as? String == "K1.printer" { faulted = event.fields }
        }
        #expect((notice?["message"] as? String)?.contains("A002") == true, "\(notice ?? [:])")
        #expect((notice?["message"] as? String)?.contains("缺纸") == true)
        #expect(faulted?["state"] as? String == "faulted")
        #expect((faulted?["reason"] as? String)?.contains("out of paper") == true)
        let refused = try take()
        #expect(refused.status == 409)
        #expect(refused.json()?["error"] as? String == "kiosk_printer_faulted")
        #expect(cupsd.printed("K1").count == 1)

        // Paper back: the held job prints exactly once and the printer is ready again.
        try cupsd.setFault("K1", nil)
        #expect(eventually { cupsd.printed("K1").count == 2 })
        try events.waitFor("device.changed") { $0["device"] as? String == "K1.printer" && $0["state"] as? String == "ready" }
        sleep(1)
        #expect(cupsd.printed("K1").count == 2)
        #expect(try PrintedTicket(bytes: cupsd.printed("K1")[1]).lines.contains("A002"))
        #expect(try take().status == 201)
        #expect(eventually { cupsd.printed("K1").count == 3 })

        // A reprint on purpose prints it once more.
        let environment = [
            "HALLCTL_URL": "http://127.0.0.1:\(daemon.port)", "HALLCTL_TOKEN": SmallHall.adminToken, "HALLCTL_CONFIG": "/nonexistent",
        ]
        let reprint = try DaemonFixture.run("hallctl", ["reprint", "A001", "--kiosk", "K1"], environment: environment)
        #expect(reprint.output.contains("A001 sent to K1's printer"), "\(reprint.output)")
        #expect(eventually { cupsd.printed("K1").count == 4 })
        #expect(try PrintedTicket(bytes: cupsd.printed("K1")[3]).lines.contains("A001"))
        let noPrinter = try DaemonFixture.run("hallctl", ["reprint", "A001", "--kiosk", "K2"], environment: environment)
        #expect(noPrinter.status == 1 && noPrinter.output.contains("no printer"), "\(noPrinter.output)")
    }
}
