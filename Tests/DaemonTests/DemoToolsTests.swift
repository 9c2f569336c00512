import Foundation
import HallClient
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("hallsim, hallctl simulate and hallctl appointments import against the real daemon", .serialized)
struct DemoToolsTests {
    @Test("bookings imported from CSV check in when hallctl simulate scans their code; a simulated card identifies")
    func demoTools() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString.prefix(8))")
        let devices = directory.appendingPathComponent("dev")
        try FileManager.default.createDirectory(at: devices, withIntermediateDirectories: true)
        // hallsim also runs a private cupsd with a stand-in printer for K1's queue.
        let yaml = KioskHall.yaml(
            reader: devices.appendingPathComponent("K1-reader").path, scanner: devices.appendingPathComponent("K1-scanner").path
        )
        .replacingOccurrences(
            of: "  devices_directory:",
            with:
                "  layouts_directory: \(KioskHall.devices)/../Layouts\n  cups_server: \(directory.path)/data/cups/cups.sock\n  devices_directory:"
        )
        .replacingOccurrences(
            of: "newland-cdc-acm-1eab-8306, path: \(devices.appendingPathComponent("K1-scanner").path)}\n",
            with:
                "newland-cdc-acm-1eab-8306, path: \(devices.appendingPathComponent("K1-scanner").path)}\n      - {role: printer, profile: printers/generic-escpos-80mm, path: K1}\n"
        )
        // hallsim needs the configuration file before the daemon exists: write it the same way.
        let configPath = directory.appendingPathComponent("hall.yaml").path
        try yaml.replacingOccurrences(of: "{data}", with: directory.appendingPathComponent("data").path)
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        let simulator = try Self.hallsim(config: configPath, socket: directory.appendingPathComponent("data/hallsim.sock").path)
        defer {
            simulator.terminate()
            simulator.waitUntilExit()
        }
        let socket = directory.appendingPathComponent("data/hallsim.sock").path

        let daemon = try DaemonProcess(yaml: yaml, directory: directory)
        defer { daemon.signal(SIGTERM) }
        let events = try EventStreamReader(port: daemon.port, token: SmallHall.displayToken)
        try daemon.waitForDevices(["K1.reader", "K1.scanner", "K1.printer"], token: SmallHall.adminToken)
        let environment = [
            "HALLCTL_CONFIG": configPath, "HALLCTL_URL": "http://127.0.0.1:\(daemon.port)", "HALLCTL_TOKEN": SmallHall.adminToken,
        ]

        let now = Date()
        let csv = """
            code,service,start,end,masked_name,masked_id
            YY-CSV-1,shebao,\(now.addingTimeInterval(-300).formatted(.iso8601)),\(now.addingTimeInterval(1500).formatted(.iso8601)),"张*三",110105********002X
            YY-CSV-2,huji,\(now.addingTimeInterval(7200).formatted(.iso8601)),\(now.addingTimeInterval(9000).formatted(.iso8601)),,

            """
        let file = directory.appendingPathComponent("bookings.csv").path
        try ("\u{FEFF}" + csv.replacingOccurrences(of: "\n", with: "\r\n")).write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try DaemonFixture.run("hallctl", ["appointments", "import", file], environment: environment)
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("imported 2, unchanged 0 of 2 bookings"), "\(imported.output)")

        let scanned = try DaemonFixture.run("hallctl", ["simulate", "scan", "--kiosk", "K1", "YY-CSV-1"], environment: environment)
        #expect(scanned.status == 0, "\(scanned.output)")
        let ticket = try events.waitFor("ticket.issued")
        #expect(ticket["appointment"] as? String == "YY-CSV-1")
        // The checked-in ticket printed on K1's stand-in printer, and hallctl shows it.
        try events.waitFor("ticket.printed")
        let printed = try DaemonFixture.run("hallctl", ["simulate", "printed", "--kiosk", "K1"], environment: environment)
        #expect(printed.output.contains("A   0   0   1") && printed.output.contains("[QR 6]"), "\(printed.output)")
        _ = try DaemonFixture.run("hallctl", ["simulate", "scan", "YY-CSV-2"], environment: environment)
        #expect(try events.waitFor("kiosk.notice")["code"] as? String == "appointment_too_early")

        let card = try DaemonFixture.run(
            "hallctl", ["simulate", "card", "--kiosk", "K1", "--id", "11010519491231002X", "--name", "王小明"], environment: environment)
        #expect(card.status == 0, "\(card.output)")
        let identified = try events.waitFor("kiosk.identified")
        #expect((identified["holder"] as? [String: Any])?["maskedName"] as? String == "王*明")

        let unknown = try DaemonFixture.run("hallctl", ["simulate", "scan", "--kiosk", "K9", "X"], environment: environment)
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("known: K1"), "\(unknown.output)")

        // A bad row refuses the file and says which.
        try "code,service,start,end\nOK,shebao,2026-12-01 09:00,2026-12-01 09:30\nBAD,shebao,tomorrow,2026-12-01 10:00\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let refused = try DaemonFixture.run("hallctl", ["appointments", "import", file], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.output.contains("appointment 2 (BAD)"), "\(refused.output)")
        try "code,service,start,end,room\nA,shebao,x,y,1\n".write(toFile: file, atomically: true, encoding: .utf8)
        let column = try DaemonFixture.run("hallctl", ["appointments", "import", file], environment: environment)
        #expect(column.output.contains("unknown column room"), "\(column.output)")
    }

    @Test(
        "the demo hall as shipped, with hallsim's devices and stand-in printers: the self-test and hallctl diag find every device healthy")
    func demoHallHealthy() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("demo-hall-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let yaml = try DemoHall.yaml(
            root: root, data: directory.appendingPathComponent("data").path, cups: "\(directory.path)/data/cups/cups.sock")
        let configPath = directory.appendingPathComponent("hall.yaml").path
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        let simulator = try Self.hallsim(config: configPath, socket: directory.appendingPathComponent("data/hallsim.sock").path)
        defer {
            simulator.terminate()
            simulator.waitUntilExit()
        }
        let daemon = try DaemonProcess(yaml: yaml, directory: directory)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        let events = try EventStreamReader(port: daemon.port, token: "demo-display-token")
        let selfTest = try events.waitFor("device.self-test")
        let environment = ["HALLCTL_CONFIG": configPath, "HALLCTL_URL": "http://127.0.0.1:\(daemon.port)"]
        var report = (status: Int32(-1), output: "")
        #expect(
            try eventually(15) {
                report = try DaemonFixture.run("hallctl", ["diag"], environment: environment)
                return report.status == 0
            }, "self-test: \(selfTest)\n\(report.output)")
        #expect(report.output.contains("全部正常 / all"), "\(report.output)")
        #expect(report.output.contains("✔ K3.printer") && report.output.contains("✔ bus1.30"))
    }

    @Test("hallctl ticket-preview draws the demo hall's ticket from the real ESC/POS bytes, and refuses a bad layout")
    func ticketPreview() throws {
        let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/demo-hall.yaml")
            .standardized.path
        let preview = try DaemonFixture.run("hallctl", ["ticket-preview", "--config", demo, "--service", "budongchan"])
        #expect(preview.status == 0, "\(preview.output)")
        #expect(preview.output.contains("不  动  产  登  记"), "\(preview.output)")
        #expect(preview.output.contains("[QR 6] http://127.0.0.1:8080/ticket/E001?k="), "\(preview.output)")
        #expect(preview.output.contains("请到 8、9 号窗口办理"))
        #expect(preview.output.hasSuffix("+ cut\n"))
        let rows = preview.output.split(separator: "\n").filter { $0.hasPrefix("|") }
        #expect(rows.allSatisfy { $0.hasSuffix("|") || $0.hasSuffix("(bold)") }, "a row overflows the 80 mm paper")
        let narrow = try DaemonFixture.run("hallctl", ["ticket-preview", "--config", demo, "--service", "shebao", "--paper", "58"])
        #expect(narrow.output.split(separator: "\n").first?.count == 34)
        let missing = try DaemonFixture.run("hallctl", ["ticket-preview", "--config", demo, "--layout", "nope"])
        #expect(missing.status == 2)
        #expect(missing.output.contains("nope.yaml"), "\(missing.output)")
    }

    /// hallsim for a configuration, once its control socket is there.
    static func hallsim(config: String, socket: String) throws -> Process {
        let simulator = Process()
        simulator.executableURL = try DaemonProcess.binary("hallsim")
        simulator.arguments = ["--config", config]
        simulator.standardOutput = FileHandle.nullDevice
        try ChildProcess.run(simulator)
        guard eventually(10, { FileManager.default.fileExists(atPath: socket) }) else { throw HarnessError("hallsim did not start") }
        return simulator
    }
}
