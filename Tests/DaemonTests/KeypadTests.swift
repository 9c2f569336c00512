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

/// Window keypads and evaluation pads on the same RS-485 bus as the window screens, through
/// the real daemon.
@Suite("Keypads and evaluation pads through the real daemon", .serialized)
struct KeypadTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    /// A hall of `windows` windows, each with its screen at its number's address on one bus, and `keypads` on it.
    static func yaml(bus path: String, windows: Int, keypads: [String]) -> String {
        """
        hall:
          name: 测试大厅
          data_directory: {data}
          devices_directory: \(root)/Devices
          layouts_directory: \(root)/Layouts
        api:
          listen: 127.0.0.1:0
          tokens: {admin: \(SmallHall.adminToken), display: \(SmallHall.displayToken)}
        services:
          - {id: shebao, name: 社保, prefix: A}
        windows:
        \((1...windows).map { "  - {number: \($0), services: [shebao]}" }.joined(separator: "\n"))
        buses:
          - id: bus1
            path: \(path)
            profile: boards/generic-a0-sum16
            refresh_seconds: 5
            boards:
        \((1...windows).map { "      - {address: \($0), window: \($0)}" }.joined(separator: "\n"))
            keypads:
        \(keypads.map { "      - \($0)" }.joined(separator: "\n"))
        """
    }

    @Test(
        "keypad keys call, recall and finish at their window; the evaluation pad rates the ticket just finished; the screens on the same bus keep working; a silent keypad is faulted; with hallqd stopped, diag keypad reads the keys itself"
    )
    func keys() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keypads-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let catalog = try ProfileCatalog.load(directory: Self.root + "/Devices")
        let screens = try #require(catalog.profile("boards/generic-a0-sum16")?.boardProtocol)
        let keypad = try #require(catalog.profile("keypads/generic-dlt645-keypad"))
        let bus = try BoardBusSimulator(
            link: directory.appendingPathComponent("bus1").path, codec: screens, addresses: 1...2, keypads: [10, 20],
            keypadTable: try #require(keypad.frameTable))
        defer { bus.stop() }
        let yaml = Self.yaml(
            bus: bus.path, windows: 2,
            keypads: [
                "{address: 10, window: 1, profile: keypads/generic-dlt645-keypad}",
                "{address: 20, window: 1, profile: keypads/generic-dlt645-evaluator}",
            ])
        let daemon = try DaemonProcess(yaml: yaml, directory: directory)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        try daemon.waitForDevices(["bus1", "bus1.1", "bus1.10", "bus1.20"], token: SmallHall.adminToken)
        let events = try EventStreamReader(port: daemon.port, token: SmallHall.displayToken)
        for _ in 1...2 {
            _ = try daemon.connection().request(
                "POST", "/api/v1/tickets", json: Data(#"{"service":"shebao"}"#.utf8), token: SmallHall.adminToken)
        }
        #expect(try eventually { bus.polls(10) > 2 && bus.keypadDisplay(10) == "----" })

        // A key the hall refuses (recall with nobody called) shows E and the key, then the window again.
        bus.press(10, key: 0x02)
        #expect(try eventually { bus.keypadDisplay(10) == "E-02" })
        #expect(try eventually(5) { bus.keypadDisplay(10) == "----" })

        bus.press(10, key: 0x01)
        let called = try events.waitFor("ticket.called")
        #expect(called["number"] as? String == "A001" && called["window"] as? Int == 1)
        #expect(try eventually { bus.shown(1) == "请A001号" && bus.keypadDisplay(10) == "A001" })

        bus.press(10, key: 0x02)
        #expect(try events.waitFor("ticket.recalled")["number"] as? String == "A001")
        bus.press(10, key: 0x04)
        #expect(try events.waitFor("ticket.finished")["number"] as? String == "A001")
        // The evaluation pad lights with the number to rate; 不满意 (key 14) rates it 2.
        #expect(try eventually { bus.keypadDisplay(20) == "A001" && bus.keypadDisplay(10) == "----" })
        bus.press(20, key: 0x14)
        let rated = try events.waitFor("ticket.evaluated")
        #expect(rated["number"] as? String == "A001" && rated["rating"] as? Int == 2 && rated["window"] as? Int == 1)
        #expect(try eventually { bus.keypadDisplay(20) == "" })

        // hallctl diag keypad shows each key as the daemon reads it.
        let watched = try Self.watchKeys(environment: [
            "HALLCTL_URL": "http://127.0.0.1:\(daemon.port)", "HALLCTL_TOKEN": SmallHall.adminToken,
        ]) {
            bus.press(10, key: 0x05)
            bus.press(20, key: 0x11)
        }
        #expect(watched.contains("bus1.10 键 / key 0x05 → pause") && watched.contains("bus1.20 键 / key 0x11 → rating 5"), "\(watched)")

        // The screens on the same bus go on as before.
        _ = try daemon.connection().request("POST", "/api/v1/windows/2/call", token: SmallHall.adminToken)
        #expect(try eventually { bus.shown(2) == "请A002号" })

        // A keypad that stops answering is faulted; answering again, it recovers.
        func state(_ id: String) throws -> String? {
            let devices =
                try JSONSerialization.jsonObject(
                    with: daemon.connection().request("GET", "/api/v1/devices", token: SmallHall.adminToken).body) as? [[String: Any]]
            return devices?.first { $0["id"] as? String == id }?["state"] as? String
        }
        bus.silence(10)
        #expect(try eventually { try state("bus1.10") == "faulted" })
        bus.silence(10, false)
        #expect(try eventually { try state("bus1.10") == "ready" })

        // With hallqd stopped, diag keypad polls the window's keypads itself through the same
        // scheduler: the digits show 8888, then each key's code; keys are not acted on.
        daemon.signal(SIGTERM)
        daemon.waitForExit()
        let direct = try Self.watchKeys(environment: ["HALLCTL_CONFIG": daemon.configPath, "HALLCTL_URL": "http://127.0.0.1:1"]) {
            #expect(try eventually { bus.keypadDisplay(10) == "8888" && bus.keypadDisplay(20) == "8888" })
            bus.press(10, key: 0x01)
            #expect(try eventually { bus.keypadDisplay(10) == "0001" })
            bus.press(20, key: 0x15)
            #expect(try eventually { bus.keypadDisplay(20) == "0015" })
            bus.silence(10)
        }
        #expect(
            direct.contains("hallqd is stopped") && direct.contains("bus1.10 键 / key 0x01 → call-next")
                && direct.contains("bus1.20 键 / key 0x15 → rating 1"), "\(direct)")
        #expect(direct.contains("✘ bus1.10 故障 / faulted") && direct.contains("呼叫器/评价器无响应"), "\(direct)")
    }

    @Test(
        "a numeric keypad signs 1001 in with 工号 and PIN on its keys: the PIN never shows, not even in the key log; its keys then act as 1001; a wrong PIN shows Err; its sign-out key signs the window out; the audit has both sign-ins"
    )
    func signIn() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keypad-sign-in-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let catalog = try ProfileCatalog.load(directory: Self.root + "/Devices")
        let keypad = try #require(catalog.profile("keypads/generic-dlt645-keypad-numeric"))
        let bus = try BoardBusSimulator(
            link: directory.appendingPathComponent("bus1").path,
            codec: try #require(catalog.profile("boards/generic-a0-sum16")?.boardProtocol),
            addresses: 1...1, keypads: [10], keypadTable: try #require(keypad.frameTable))
        defer { bus.stop() }
        let yaml = Self.yaml(
            bus: bus.path, windows: 1, keypads: ["{address: 10, window: 1, profile: keypads/generic-dlt645-keypad-numeric}"])
        let daemon = try DaemonProcess(yaml: yaml, directory: directory)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        try daemon.waitForDevices(["bus1", "bus1.1", "bus1.10"], token: SmallHall.adminToken)
        let admin = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.adminToken)
        _ = try admin.addStaff(NewStaffRequest(id: "1001", name: "张敏", duties: [.window], pin: "2468"))
        let events = try EventStreamReader(port: daemon.port, token: SmallHall.displayToken)
        #expect(try eventually { bus.keypadDisplay(10) == "----" })

        /// Presses keys one after another, each once the keypad has been polled for the last.
        func type(_ keys: [UInt8]) throws {
            for key in keys {
                let polls = bus.polls(10)
                bus.press(10, key: key)
                _ = try eventually { bus.polls(10) > polls + 1 }
            }
        }
        let (signIn, enter, signOut, callNext) = (UInt8(0x0A), UInt8(0x0D), UInt8(0x0B), UInt8(0x01))
        func digits(_ text: String) -> [UInt8] { text.utf8.map { $0 } }
        try type([signIn])
        #expect(try eventually { bus.keypadDisplay(10) == "ID" })
        try type(digits("1001"))
        #expect(try eventually { bus.keypadDisplay(10) == "1001" })
        try type([enter] + digits("24"))
        #expect(try eventually { bus.keypadDisplay(10) == "P__" })
        try type(digits("68") + [enter])
        #expect(try eventually { bus.keypadDisplay(10) == "1001" })
        #expect(try eventually { try admin.windows().first?.signedIn == "1001" })
        #expect(try eventually(5) { bus.keypadDisplay(10) == "----" })

        // The keypad's call is 1001's.
        _ = try admin.issue(IssueRequest(service: "shebao"))
        try type([callNext])
        let called = try events.waitFor("ticket.called")
        #expect(called["number"] as? String == "A001" && called["staff"] as? String == "1001", "\(called)")

        // The key log says a digit was pressed, never which.
        let pressed = try admin.keypadPresses()
        #expect(pressed.filter { $0.action == "digit" }.count == 8 && pressed.allSatisfy { !$0.action.hasPrefix("digit-") }, "\(pressed)")
        #expect(!pressed.contains { (0x30...0x39).contains($0.code) })

        // A wrong PIN: Err, and 1001 stays signed in.
        try type([signIn] + digits("1001") + [enter] + digits("1111") + [enter])
        #expect(try eventually { bus.keypadDisplay(10) == "Err" })
        try type([signOut])
        #expect(try eventually { bus.keypadDisplay(10) == "OFF" })
        #expect(try eventually { try admin.windows().first?.signedIn == nil })

        let trail = try admin.audit(staff: "1001")
        #expect(trail.contains { $0.action == "keypad bus1.10 sign-in" && $0.outcome == "ok" && $0.client == "bus1.10" })
        #expect(trail.contains { $0.action == "keypad bus1.10 sign-in" && $0.outcome == "bad_sign_in" })
        #expect(!daemon.log.contains("2468") && !daemon.log.contains("1111"))
    }

    /// Runs `hallctl diag keypad 1` for 3 seconds while `pressing` presses keys, and returns what it printed.
    static func watchKeys(environment: [String: String], pressing: () throws -> Void) throws -> String {
        try DaemonFixture.run(
            "hallctl", ["diag", "keypad", "1", "--seconds", "3"], environment: environment, settle: 0.8, meanwhile: pressing
        ).output
    }
}
