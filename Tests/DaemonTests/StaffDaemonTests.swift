import Foundation
import GRDB
import HallAPIModels
import HallClient
import HallStore
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Staff through the real daemon and hallctl", .serialized)
struct StaffDaemonTests {
    /// hallctl with `input` on its standard input: its exit status and output.
    static func hallctl(_ arguments: [String], input: String, daemon: DaemonProcess) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try DaemonProcess.binary("hallctl")
        process.arguments = arguments + ["--url", "http://127.0.0.1:\(daemon.port)", "--token", SmallHall.adminToken]
        process.environment = ProcessInfo.processInfo.environment.merging(["HALLCTL_CONFIG": "/nonexistent"]) { $1 }
        let (stdin, stdout) = (Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try ChildProcess.run(process)
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test(
        "hallctl staff adds and lists a person; they sign in at window 1 and act there only; the PIN is nowhere on the disk or in the log")
    func staff() throws {
        let daemon = try DaemonProcess(yaml: DaemonFixture.yaml)
        let added = try Self.hallctl(["staff", "add", "1001", "--name", "张敏", "--duties", "window"], input: "246810\n", daemon: daemon)
        #expect(added.status == 0, "\(added.output)")
        let listed = try Self.hallctl(["staff", "list"], input: "", daemon: daemon)
        #expect(listed.output.contains("1001") && listed.output.contains("张敏") && listed.output.contains("active"), "\(listed.output)")

        let session = try HallClient(host: "127.0.0.1", port: daemon.port, token: nil).signIn(window: 1, staff: "1001", pin: "246810")
        let atWindow = HallClient(host: "127.0.0.1", port: daemon.port, token: session.token)
        #expect(try atWindow.act(.pause, window: 1).paused)
        #expect(throws: HallClient.Failure.self) { try atWindow.act(.pause, window: 2) }
        let refused = try Self.hallctl(["staff", "set-pin", "9999"], input: "1111\n", daemon: daemon)
        #expect(refused.status == 1 && refused.output.contains("9999"), "\(refused.output)")

        // 1001 serves A001 at window 1, signs out, signs in at window 2 and serves B001 there;
        // both are rated. Every window event of both, and both ratings, are journaled as 1001's.
        _ = try atWindow.act(.resume, window: 1)
        let kiosk = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.kioskToken)
        let a001 = try kiosk.issue(IssueRequest(service: "shebao"))
        let b001 = try kiosk.issue(IssueRequest(service: "huji"))
        #expect(try atWindow.callNext(window: 1)?.called.number == a001.number)
        _ = try atWindow.act(.finish, window: 1)
        try atWindow.signOut(window: 1)
        let atTwo = HallClient(
            host: "127.0.0.1", port: daemon.port,
            token: try HallClient(host: "127.0.0.1", port: daemon.port, token: nil).signIn(window: 2, staff: "1001", pin: "246810").token)
        #expect(throws: HallClient.Failure.self) { try atWindow.act(.pause, window: 1) }
        #expect(try atTwo.callNext(window: 2)?.called.number == b001.number)
        _ = try atTwo.act(.finish, window: 2)
        let admin = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.adminToken)
        #expect(try admin.rate(ticket: a001.number, RatingRequest(rating: 5)).servedBy == "1001")
        #expect(try admin.rate(ticket: b001.number, RatingRequest(rating: 4)).servedBy == "1001")

        #expect(try admin.windows().first { $0.number == 2 }?.signedIn == "1001")
        let trail = try Self.hallctl(["audit", "--staff", "1001"], input: "", daemon: daemon)
        #expect(trail.status == 0, "\(trail.output)")
        #expect(trail.output.contains("other_window") && trail.output.contains("127.0.0.1:"), "\(trail.output)")
        #expect(trail.output.contains("POST /api/v1/windows/2/sign-in"), "\(trail.output)")

        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
        let files = FileManager.default.enumerator(atPath: daemon.directory.path)?.compactMap { $0 as? String } ?? []
        var checked = 0
        for file in files {
            guard let bytes = FileManager.default.contents(atPath: daemon.directory.appendingPathComponent(file).path) else { continue }
            #expect(bytes.range(of: Data("246810".utf8)) == nil, "the PIN is in \(file)")
            checked += 1
        }
        #expect(checked >= 3)
        let journaled = try Journal(path: daemon.journalPath).latestDay()
        for number in [a001.number, b001.number] {
            let mine = journaled.filter { $0.event.number?.description == number && $0.event.name != "ticket.issued" }
            #expect(mine.map(\.event.name).contains("ticket.evaluated"))
            #expect(!mine.isEmpty && mine.allSatisfy { $0.staff == "1001" }, "\(mine.map { "\($0.event.name) \($0.staff ?? "-")" })")
        }
        #expect(journaled.contains { $0.event.name == "window.paused" && $0.staff == "1001" })

        // After a restart no session survives, and the window no longer shows 1001 signed in.
        try daemon.start()
        let windows = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.adminToken)
        #expect(eventually { (try? windows.windows().first { $0.number == 2 })?.map { $0.signedIn == nil } == true })
        daemon.signal(SIGTERM)
        daemon.waitForExit()
    }

    @Test(
        "no PIN, PIN hash or token reaches the log, the event stream, hallctl diag bundle, the audit trail or the journal, but for the hash in the staff table"
    )
    func secretsStayPut() throws {
        let yaml = SmallHall.yaml.replacingOccurrences(of: "- {id: K1, name: 一号机}", with: "- {id: K1, name: 一号机, token: k1-own-token-123}")
        let daemon = try DaemonProcess(yaml: yaml)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        let events = try EventStreamReader(port: daemon.port, token: SmallHall.displayToken)
        let admin = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.adminToken)
        _ = try admin.addStaff(NewStaffRequest(id: "1001", name: "张敏", duties: [.window], pin: "864213"))
        let anyone = HallClient(host: "127.0.0.1", port: daemon.port, token: nil)
        #expect(throws: HallClient.Failure.self) { try anyone.signIn(window: 1, staff: "1001", pin: "864299") }
        let session = try anyone.signIn(window: 1, staff: "1001", pin: "864213")
        let atWindow = HallClient(host: "127.0.0.1", port: daemon.port, token: session.token)
        _ = try HallClient(host: "127.0.0.1", port: daemon.port, token: "k1-own-token-123").issue(IssueRequest(service: "shebao"))
        _ = try atWindow.callNext(window: 1)
        _ = try atWindow.act(.finish, window: 1)
        try atWindow.signOut(window: 1)
        var streamed = ""
        while true {
            let event = try events.next()
            streamed += String(decoding: try JSONSerialization.data(withJSONObject: event.fields), as: UTF8.self) + "\n"
            if event.name == "staff.signed-out" { break }
        }
        #expect(streamed.contains("1001"))

        let archive = daemon.directory.appendingPathComponent("support.tar.gz").path
        let bundle = try DaemonFixture.run(
            "hallctl",
            [
                "diag", "bundle", "--output", archive, "--log", daemon.directory.appendingPathComponent("hallqd.log").path, "--config",
                daemon.configPath,
                "--url", "http://127.0.0.1:\(daemon.port)", "--token", SmallHall.adminToken,
            ])
        #expect(bundle.status == 0, "\(bundle.output)")
        let unpacked = daemon.directory.appendingPathComponent("unpacked")
        try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
        #expect(try DaemonFixture.run(executable: URL(fileURLWithPath: "/usr/bin/tar"), ["xzf", archive, "-C", unpacked.path]).status == 0)
        let bundled = try FileManager.default.contentsOfDirectory(atPath: unpacked.path).map {
            try String(contentsOf: unpacked.appendingPathComponent($0), encoding: .utf8)
        }.joined(separator: "\n")
        #expect(bundled.contains("<removed>") && bundled.contains("hallctl"))

        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
        let hash = try #require(try Journal(path: daemon.journalPath).staff.entry("1001")?.pinHash)
        let digest = String(hash.split(separator: "$").last ?? "")
        let secrets = [
            "864213", "864299", hash, digest, session.token, SmallHall.adminToken,
            SmallHall.kioskToken,
            "k1-own-token-123", "pad-token-window-1",
        ]
        for secret in secrets {
            #expect(!daemon.log.contains(secret), "the log holds \(secret)")
            #expect(!streamed.contains(secret), "the event stream holds \(secret)")
            #expect(!bundled.contains(secret), "the support bundle holds \(secret)")
        }
        // Every table's every value: the hash is in the staff table only, the rest nowhere.
        for file in [daemon.journalPath, daemon.directory.appendingPathComponent("data/audit.sqlite").path] {
            let found = try Self.tables(of: file, holding: secrets)
            #expect(found == (file == daemon.journalPath ? [hash: ["staff"], digest: ["staff"]] : [:]), "\(file): \(found)")
        }
    }

    /// Which tables of a SQLite file hold each of `needles` in any value.
    static func tables(of path: String, holding needles: [String]) throws -> [String: Set<String>] {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration).read { db in
            var found: [String: Set<String>] = [:]
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"") {
                    for value in row.databaseValues {
                        let text: String
                        switch value.storage {
                        case .string(let string): text = string
                        case .blob(let data): text = String(decoding: data, as: UTF8.self)
                        default: continue
                        }
                        for needle in needles where !needle.isEmpty && text.contains(needle) { found[needle, default: []].insert(table) }
                    }
                }
            }
            return found
        }
    }
}
