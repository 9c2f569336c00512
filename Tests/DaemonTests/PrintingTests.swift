import Foundation
import HallClient
import HallProtocols
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Ticket printing through the real daemon and a private cupsd", .serialized)
struct PrintingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    /// A private cupsd with queue K1, and the small hall with K1's printer on it, ready.
    struct Rig {
        let cupsd: PrivateCupsd
        let daemon: DaemonProcess
        let events: EventStreamReader

        init() throws {
            cupsd = try PrivateCupsd()
            try cupsd.addQueue("K1")
            let yaml = SmallHall.yaml
                .replacingOccurrences(
                    of: "  data_directory: {data}\n",
                    with:
                        "  data_directory: {data}\n  devices_directory: \(PrintingTests.root)/Devices\n  layouts_directory: \(PrintingTests.root)/Layouts\n  cups_server: \(cupsd.server)\n"
                )
                .replacingOccurrences(
                    of: "  - {id: K1, name: 一号机}\n",
                    with:
                        "  - id: K1\n    name: 一号机\n    devices:\n      - {role: printer, profile: printers/generic-escpos-80mm, path: K1}\n  - {id: K2, name: 二号机}\n"
                )
            daemon = try DaemonProcess(yaml: yaml)
            try daemon.waitForDevices(["K1.printer"], token: SmallHall.adminToken)
            events = try EventStreamReader(port: daemon.port, token: SmallHall.displayToken)
        }

        /// A ticket taken at kiosk K1.
        func take(_ connection: HTTPConnection) throws -> HTTPConnection.Response {
            try connection.request(
                "POST", "/api/v1/tickets", json: Data(#"{"service":"shebao","kiosk":"K1"}"#.utf8), token: SmallHall.kioskToken)
        }
    }

    @Test(
        "a kiosk ticket prints in Chinese with its QR code and cut; out of paper is seen, the kiosk says so, and the ticket prints once when paper is back"
    )
    func printing() throws {
        let rig = try Rig()
        defer { rig.daemon.signal(SIGTERM) }
        let (cupsd, daemon, events, connection) = (rig.cupsd, rig.daemon, rig.events, rig.daemon.connection())
        func take() throws -> HTTPConnection.Response { try rig.take(connection) }

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
        #expect(try PrintedTicket(bytes: try cupsd.printed("K1", job: 1)).lines.contains("A002"))
        #expect(try take().status == 201)
        #expect(eventually { cupsd.printed("K1").count == 3 })

        // A reprint on purpose prints it once more.
        let environment = [
            "HALLCTL_URL": "http://127.0.0.1:\(daemon.port)", "HALLCTL_TOKEN": SmallHall.adminToken, "HALLCTL_CONFIG": "/nonexistent",
        ]
        let reprint = try DaemonFixture.run("hallctl", ["reprint", "A001", "--kiosk", "K1"], environment: environment)
        #expect(reprint.output.contains("A001 sent to K1's printer"), "\(reprint.output)")
        #expect(eventually { cupsd.printed("K1").count == 4 })
        #expect(try PrintedTicket(bytes: try cupsd.printed("K1", job: 3)).lines.contains("A001"))
        let noPrinter = try DaemonFixture.run("hallctl", ["reprint", "A001", "--kiosk", "K2"], environment: environment)
        #expect(noPrinter.status == 1 && noPrinter.output.contains("no printer"), "\(noPrinter.output)")
    }

    @Test(
        "a print service that stops right after taking a job faults the printer with its reason and fix, and the ticket prints exactly once when it is back, whether or not it kept the job"
    )
    func schedulerCrash() throws {
        let rig = try Rig()
        defer { rig.daemon.signal(SIGTERM) }
        let (cupsd, daemon, events, connection) = (rig.cupsd, rig.daemon, rig.events, rig.daemon.connection())
        func take() throws -> HTTPConnection.Response { try rig.take(connection) }
        func taken() throws -> String {
            let answer = try take()
            try #require(answer.status == 201, "\(String(decoding: answer.body, as: UTF8.self))")
            return try #require(answer.json()?["number"] as? String)
        }
        func printedNumbers() throws -> [String] {
            try cupsd.printed("K1").map { try PrintedTicket(bytes: $0).lines.first { $0.hasPrefix("A0") } ?? "?" }
        }
        #expect(try taken() == "A001")
        #expect(try events.waitFor("ticket.printed")["number"] as? String == "A001")

        for (number, keepsJob) in [("A002", true), ("A003", false)] {
            // The scheduler takes the job, then dies before the printer gets it.
            try cupsd.crashOnNextJob("K1")
            #expect(try taken() == number)
            var printed: [String] = []
            var notice = ""
            var faulted: [String: Any]?
            while faulted == nil || notice.isEmpty {
                let event = try events.next()
                if event.name == "ticket.printed" { printed.append(event.fields["number"] as? String ?? "") }
                if event.name == "kiosk.notice", let message = event.fields["message"] as? String, message.contains("打印服务已停止") {
                    notice = message
                }
                if event.name == "device.changed" && event.fields["device"] as? String == "K1.printer"
                    && event.fields["state"] as? String == "faulted"
                {
                    faulted = event.fields
                }
            }
            #expect(printed.isEmpty, "\(number) counted as printed while the print service was down")
            #expect((faulted?["reason"] as? String)?.contains("打印服务已停止") == true, "\(faulted ?? [:])")
            #expect(notice.contains(number), "\(notice)")
            let advice = try connection.request("GET", "/api/v1/diagnostics", token: SmallHall.adminToken).text
            #expect(advice.contains("systemctl restart cups"), "the technician's fix: \(advice)")
            #expect(try take().status == 409, "the kiosk takes no ticket it cannot print")

            // Back, with the job (as a scheduler that saved it is) or without it.
            try cupsd.restart(forgettingJobs: !keepsJob)
            // The printer ready again and the ticket printed, in either order.
            printed = []
            var ready = false
            while printed.isEmpty || !ready {
                let event = try events.next()
                if event.name == "ticket.printed" { printed.append(event.fields["number"] as? String ?? "") }
                ready =
                    ready
                    || (event.name == "device.changed" && event.fields["device"] as? String == "K1.printer"
                        && event.fields["state"] as? String == "ready")
            }
            #expect(printed == [number])
            // Exactly once: nothing more reaches the printer.
            sleep(1)
            #expect(try printedNumbers() == ["A001", "A002", "A003"].filter { $0 <= number }, "kept the job: \(keepsJob)")
        }
        #expect(try taken() == "A004")
        #expect(try events.waitFor("ticket.printed")["number"] as? String == "A004")
        #expect(try printedNumbers() == ["A001", "A002", "A003", "A004"])
    }
}
