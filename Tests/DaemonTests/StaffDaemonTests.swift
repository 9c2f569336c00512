import Foundation
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
}
