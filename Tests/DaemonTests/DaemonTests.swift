import Foundation
import HallClient
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("The hallqd daemon", .serialized)
struct DaemonTests {
    @Test("a configuration with a typo is refused at start with file:line and exit status 2")
    func badConfiguration() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("hall.yaml").path
        try DaemonFixture.yaml.replacingOccurrences(of: "prefix: B", with: "prefx: B")
            .replacingOccurrences(of: "{data}", with: directory.path).write(toFile: path, atomically: true, encoding: .utf8)
        let (status, output) = try DaemonFixture.run("hallqd", ["--config", path])
        #expect(status == 2)
        // The line of the typo, counted here so that the fixture may grow.
        let line =
            try #require(
                DaemonFixture.yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("prefix: B") }) + 1
        #expect(output.contains("\(path):\(line):"), "\(output)")
        #expect(output.contains(#"unknown key "prefx" (did you mean "prefix"?)"#), "\(output)")
    }

    @Test("SIGHUP reloads a good configuration and keeps the running one when the new one is bad")
    func reload() throws {
        let daemon = try DaemonProcess(yaml: DaemonFixture.yaml)
        let connection = daemon.connection()
        let original = try String(contentsOfFile: daemon.configPath, encoding: .utf8)

        try (original + "\n  - {number: 3, services: [shebao]}\n").write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(daemon.notify.waitFor("READY=1", timeout: 10) != nil)
        #expect(try connection.request("POST", "/api/v1/windows/3/pause", token: DaemonFixture.adminToken).status == 200)

        try original.replacingOccurrences(of: "services:\n", with: "servics:\n").write(
            toFile: daemon.configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(daemon.notify.waitFor("READY=1", timeout: 10) != nil)
        #expect(try connection.request("POST", "/api/v1/windows/3/resume", token: DaemonFixture.adminToken).status == 200)
        #expect(daemon.log.contains("reload refused, keeping the running configuration"))
        #expect(daemon.log.contains(#"unknown key \"servics\" (did you mean \"services\"?)"#), "\(daemon.log)")
        #expect(try connection.issue("shebao").status == 201)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test("the event stream carries each event once it is durable, and SIGTERM stops the daemon cleanly while it is open")
    func eventStreamAndGracefulStop() throws {
        let daemon = try DaemonProcess(yaml: DaemonFixture.yaml)
        let stream = daemon.connection(timeout: 10)
        let head = try stream.openStream("/api/v1/events", token: "display-token-123")
        #expect(head.status == 200)
        #expect(head.headers["content-type"]?.hasPrefix("text/event-stream") == true)
        let issued = try daemon.connection().issue("huji")
        #expect(issued.status == 201)
        var lines: [String] = []
        while !lines.contains(where: { $0.hasPrefix("data:") && $0.contains("ticket.issued") }) {
            lines.append(try stream.readLine())
        }
        #expect(lines.contains("event: ticket.issued"))
        #expect(lines.contains { $0.contains(#""number":"B001""#) && $0.contains(#""service":"huji""#) })
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 15) == 0)
        #expect(daemon.notify.waitFor("STOPPING=1", timeout: 1) != nil || daemon.log.contains("stopped"))
    }

    @Test("the daemon pings the watchdog when systemd asks for it")
    func watchdog() throws {
        let daemon = try DaemonProcess(yaml: DaemonFixture.yaml, environment: ["WATCHDOG_USEC": "200000"])
        #expect(daemon.notify.waitFor("WATCHDOG=1", timeout: 5) != nil)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test("garbage on the socket and bad requests leave the real daemon up and every ticket in place")
    func badInputStaysUp() throws {
        let daemon = try DaemonProcess(yaml: DaemonFixture.yaml)
        let connection = daemon.connection()
        #expect(try connection.issue("shebao").status == 201)
        // Not HTTP at all.
        let raw = HTTPConnection(host: "127.0.0.1", port: daemon.port, timeout: 2)
        _ = try? raw.request("\u{01}\u{02}GARBAGE", "/\u{7f}\u{00}", json: Data(repeating: 0xFF, count: 3000))
        let answers = [
            try connection.request("POST", "/api/v1/tickets", json: Data("{\"service\":".utf8), token: DaemonFixture.kioskToken),
            try connection.request("POST", "/api/v1/tickets", json: Data([0xFF, 0xFE, 0x00]), token: DaemonFixture.kioskToken),
            try connection.request("POST", "/api/v1/tickets", json: Data(#"{"service":"shebao"}"#.utf8), token: "nope"),
            try connection.request("POST", "/api/v1/windows/-1/call", token: DaemonFixture.adminToken),
            try connection.request("GET", "/api/v1/tickets/A-1"),
        ]
        for answer in answers {
            #expect((400..<500).contains(answer.status), "\(answer.status) \(answer.text)")
            #expect(answer.json()?["error"] is String, "\(answer.text)")
        }
        #expect(try connection.request("GET", "/healthz").status == 200)
        #expect(try connection.request("GET", "/api/v1/tickets/A001").status == 200)
        #expect(try connection.issue("shebao").json()?["number"] as? String == "A002")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test("hallctl drives the daemon with tables and JSON, and says plainly when it is not running")
    func hallctl() throws {
        let daemon = try DaemonProcess(yaml: DaemonFixture.yaml)
        let environment = [
            "HALLCTL_URL": "http://127.0.0.1:\(daemon.port)", "HALLCTL_TOKEN": DaemonFixture.adminToken, "HALLCTL_CONFIG": "/nonexistent",
        ]
        let issued = try DaemonFixture.run("hallctl", ["issue", "huji"], environment: environment)
        #expect(issued.status == 0)
        #expect(issued.output.contains("B001  户籍  waiting"), "\(issued.output)")
        let call = try DaemonFixture.run("hallctl", ["call", "2"], environment: environment)
        #expect(call.output.contains("请 B001 号到 2 号窗口办理"), "\(call.output)")
        let windows = try DaemonFixture.run("hallctl", ["windows", "--json"], environment: environment)
        let list = try JSONSerialization.jsonObject(with: Data(windows.output.utf8)) as? [[String: Any]]
        #expect(list?.count == 2)
        let table = try DaemonFixture.run("hallctl", ["services"], environment: environment)
        #expect(table.output.contains("户籍"))
        let refused = try DaemonFixture.run("hallctl", ["no-show", "2"], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.output.contains("需重呼"), "\(refused.output)")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
        let down = try DaemonFixture.run("hallctl", ["status"], environment: environment)
        #expect(down.status == 3)
        #expect(down.output.contains("hallqd is not answering"), "\(down.output)")
        #expect(!down.output.contains("Fatal error"))
    }

    @Test("systemd-analyze verify accepts the unit file without a word")
    func unitFile() throws {
        let unit = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../systemd/hallqd.service")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // verify checks that ExecStart exists: point it at the built daemon, change nothing else.
        let text = try String(contentsOf: unit, encoding: .utf8).replacingOccurrences(
            of: "/usr/bin/hallqd", with: try DaemonProcess.binary().path)
        let copy = directory.appendingPathComponent("hallqd.service")
        try text.write(to: copy, atomically: true, encoding: .utf8)
        let (status, output) = try DaemonFixture.run(
            executable: URL(fileURLWithPath: "/usr/bin/systemd-analyze"), ["verify", "--man=no", copy.path])
        #expect(status == 0)
        #expect(output.isEmpty, "systemd-analyze said: \(output)")
        #expect(text.contains("Type=notify") && text.contains("WatchdogSec=") && text.contains("Restart=on-failure"))
    }
}
