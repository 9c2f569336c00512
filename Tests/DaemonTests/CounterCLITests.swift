import Foundation
import HallAPIModels
import HallClient
import HallCore
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("The counter from hallctl", .serialized)
struct CounterCLITests {
    @Test("hallctl holds a ticket, brings it back, calls a chosen number, serves a walk-in and finishes with two matters")
    func counter() throws {
        let daemon = try DaemonProcess(yaml: SmallHall.yaml)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        func hallctl(_ arguments: String...) throws -> (status: Int32, output: String) {
            try DaemonFixture.run(
                "hallctl", arguments + ["--url", "http://127.0.0.1:\(daemon.port)", "--token", SmallHall.adminToken],
                environment: ["HALLCTL_CONFIG": "/nonexistent"])
        }
        let kiosk = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.kioskToken)
        let admin = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.adminToken)
        for _ in 1...3 { _ = try kiosk.issue(IssueRequest(service: "shebao")) }
        #expect(try hallctl("call", "1").status == 0)
        let held = try hallctl("hold", "1", "--reason", "复印", "--minutes", "20")
        #expect(held.status == 0, "\(held.output)")
        #expect(try admin.ticket("A001").state == .held && admin.ticket("A001").holdReason == "复印")
        #expect(try hallctl("return", "A001").output.contains("A001"))
        let chosen = try hallctl("call", "1", "--number", "A003")
        #expect(chosen.output.contains("A003"), "\(chosen.output)")
        let finished = try hallctl("finish", "1", "--matter", "shebao:办结", "--matter", "huji:咨询")
        #expect(finished.status == 0, "\(finished.output)")
        #expect(
            try admin.ticket("A003").matters == [
                Matter(service: "shebao", outcome: .completed), Matter(service: "huji", outcome: .consultation),
            ])
        let bad = try hallctl("finish", "1", "--matter", "shebao:好了")
        #expect(bad.status != 0 && bad.output.contains("办结 受理 补正告知 咨询 不予受理"), "\(bad.output)")
        // A001, back from its hold, before A002.
        #expect(try hallctl("call", "1").output.contains("A001"))
        let walkIn = try hallctl("walk-in", "2", "huji")
        #expect(walkIn.status == 0 && walkIn.output.contains("B001"), "\(walkIn.output)")
    }
}
