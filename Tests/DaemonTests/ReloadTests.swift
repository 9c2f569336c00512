import Foundation
import HallAPIModels
import HallClient
import HallDevices
import HallProtocols
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `systemctl reload hallqd` (SIGHUP) and `hallctl reload` against the real daemon: what the
/// file says is what runs, or the reload is refused whole and says why.
@Suite("Reloading the configuration of a running daemon", .serialized)
struct ReloadTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    /// `hallctl reload` against the daemon: its exit status and what it printed.
    static func hallctlReload(_ daemon: DaemonProcess) throws -> (status: Int32, output: String) {
        try DaemonFixture.run(
            "hallctl", ["reload", "--url", "http://127.0.0.1:\(daemon.port)", "--token", SmallHall.adminToken],
            environment: ["HALLCTL_CONFIG": "/nonexistent"])
    }

    /// The names of the daemon's threads (a device runner's is `dev <role>`).
    static func threads(_ daemon: DaemonProcess) -> [String] {
        let tasks = "/proc/\(daemon.process.processIdentifier)/task"
        return ((try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []).compactMap {
            (try? String(contentsOfFile: "\(tasks)/\($0)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test("a kiosk added with its printer: hallctl reload shows it applied, the printer appears among the devices and prints")
    func kioskAdded() throws {
        let cupsd = try PrivateCupsd()
        try cupsd.addQueue("K1")
        try cupsd.addQueue("K3")
        let hall = SmallHall.yaml.replacingOccurrences(
            of: "  data_directory: {data}\n",
            with:
                "  data_directory: {data}\n  devices_directory: \(Self.root)/Devices\n  layouts_directory: \(Self.root)/Layouts\n  cups_server: \(cupsd.server)\n"
        )
        let daemon = try DaemonProcess(yaml: hall)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        let client = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.adminToken)
        #expect(try client.devices().contains { $0.id == "K3.printer" } == false)

        let added = try String(contentsOfFile: daemon.configPath, encoding: .utf8).replacingOccurrences(
            of: "  - {id: K1, name: 一号机}\n",
            with:
                "  - {id: K1, name: 一号机}\n  - id: K3\n    name: 三号机\n    devices:\n      - {role: printer, profile: printers/generic-escpos-80mm, path: K3}\n"
        )
        try added.write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        let (status, output) = try Self.hallctlReload(daemon)
        #expect(status == 0, "\(output)")
        #expect(output.contains("已应用 / applied"), "\(output)")
        #expect(output.contains("kiosks.K3 (added)") && output.contains("devices.K3.printer (added)"), "\(output)")

        try daemon.waitForDevices(["K3.printer"], token: SmallHall.adminToken)
        let ticket = try client.issue(IssueRequest(service: "shebao", kiosk: "K3"))
        #expect(eventually { cupsd.printed("K3").count == 1 })
        let printed = try PrintedTicket(bytes: try #require(cupsd.printed("K3").first))
        #expect(printed.lines.contains(ticket.number))
        #expect(cupsd.printed("K1").isEmpty)
    }

    @Test("a bus taken out stops its thread and closes its port; a board's layout edited shows within one refresh")
    func buses() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reload-\(UUID().uuidString.prefix(8))")
        let layouts = directory.appendingPathComponent("Layouts")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.root + "/Layouts", toPath: layouts.path)
        let profile = try #require(try ProfileCatalog.load(directory: Self.root + "/Devices").profile("boards/generic-a0-sum16"))
        let simulator = try BoardBusSimulator(
            link: directory.appendingPathComponent("bus1").path, codec: try #require(profile.boardProtocol), addresses: 1...3)
        defer { simulator.stop() }
        let hall = BoardHall.yaml(windows: 2, bus: simulator.path, root: Self.root, refreshSeconds: 10)
            .replacingOccurrences(of: "\(Self.root)/Layouts", with: layouts.path)
        let daemon = try DaemonProcess(yaml: hall, directory: directory)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        try daemon.waitForDevices(["bus1", "bus1.1"], token: SmallHall.adminToken)
        #expect(eventually { simulator.shown(1) == "1号窗口" && simulator.portOpen })
        #expect(Self.threads(daemon).contains("dev bus1"))

        // The window screens' layout edited: screen 1 shows its new text long before the
        // 10 s refresh would have sent it. (After the start-up self-test, whose event would
        // give every board its text anyway.)
        #expect(eventually { daemon.log.contains("self-test") })
        let file = layouts.appendingPathComponent("boards/window-screen.yaml")
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: #"idle: ["{window}号窗口""#, with: #"idle: ["窗口{window}""#)
            .write(to: file, atomically: true, encoding: .utf8)
        let edited = ContinuousClock.now
        daemon.signal(SIGHUP)
        #expect(daemon.notify.waitFor("READY=1", timeout: 10) != nil)
        #expect(eventually(5) { simulator.shown(1) == "窗口1" })
        #expect(ContinuousClock.now - edited < .seconds(10), "the new layout waited for a refresh")
        #expect(simulator.shown(3)?.isEmpty == false)

        // The bus taken out: its runner's thread ends and the port is closed.
        let original = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        let busesAt = try #require(original.range(of: "buses:"))
        try String(original[..<busesAt.lowerBound]).write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        let report = try HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.adminToken).reload()
        #expect(report.applied && report.changed.contains("buses.bus1 (removed)"), "\(report)")
        #expect(eventually { !simulator.portOpen })
        #expect(eventually { !Self.threads(daemon).contains("dev bus1") })
        let devices = try HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.adminToken).devices()
        #expect(!devices.contains { $0.id.hasPrefix("bus1") }, "\(devices.map(\.id))")
    }

    @Test("a change only a restart can apply refuses the reload whole, names the key, and the running configuration stays")
    func refused() throws {
        let daemon = try DaemonProcess(yaml: DaemonFixture.yaml)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        let original = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        try original.replacingOccurrences(of: "listen: 127.0.0.1:0", with: "listen: 127.0.0.1:8099")
            .replacingOccurrences(
                of: "  - {number: 2, services: [huji]}", with: "  - {number: 2, services: [huji]}\n  - {number: 3, services: [shebao]}"
            )
            .write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        let (status, output) = try Self.hallctlReload(daemon)
        #expect(status == 1, "\(output)")
        #expect(output.contains("已拒绝") && output.contains("api.listen  ← 需要重启 / needs a restart"), "\(output)")
        #expect(output.contains("windows.3 (added)"), "\(output)")
        #expect(daemon.log.contains("reload refused, keeping the running configuration"))
        // Nothing of the file was taken: window 3 does not exist, the old port still answers.
        let client = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.adminToken)
        #expect(throws: HallClient.Failure.self) { try client.act(.pause, window: 3) }
        #expect(try client.issue(IssueRequest(service: "shebao")).number == "A001")
    }
}
