import Foundation
import HallClient
import HallStore
import HallTesting
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("hallqd survives kill -9", .serialized)
struct CrashTests {
    @Test("every acknowledged ticket survives kill -9 during a burst, numbers never repeat, calling resumes (10 rounds)")
    func killDuringBurst() throws {
        let daemon = try DaemonProcess(yaml: DaemonFixture.yaml)
        var acknowledged: [String] = []
        var called: Set<String> = []

        for round in 0..<10 {
            let acked = Mutex<[String]>([])
            let group = DispatchGroup()
            for client in 0..<4 {
                group.enter()
                let port = daemon.port
                Thread.detachNewThread {
                    defer { group.leave() }
                    let connection = HTTPConnection(host: "127.0.0.1", port: port, timeout: 5)
                    var index = 0
                    while true {
                        index += 1
                        guard let response = try? connection.issue((client + index) % 2 == 0 ? "shebao" : "huji"), response.status == 201,
                            let number = response.json()?["number"] as? String
                        else { return }
                        acked.withLock { $0.append(number) }
                    }
                }
            }
            // Let the burst run, then crash the daemon in the middle of it.
            usleep(useconds_t(150_000 + round * 20_000))
            daemon.signal(SIGKILL)
            #expect(daemon.waitForExit() == SIGKILL || daemon.process.terminationReason == .uncaughtSignal)
            group.wait()
            let thisRound = acked.withLock { $0 }
            #expect(!thisRound.isEmpty, "round \(round): no ticket was acknowledged before the kill")
            acknowledged += thisRound

            try daemon.start()
            let connection = daemon.connection()
            let day = try #require(connection.request("GET", "/healthz").json()?["day"] as? String)
            let journaled = try Journal(path: daemon.journalPath).issuedNumbers(day: day)
            #expect(Set(journaled).count == journaled.count, "round \(round): a number was issued twice")
            let missing = Set(acknowledged).subtracting(journaled)
            #expect(missing.isEmpty, "round \(round): acknowledged but lost: \(missing.sorted())")
            #expect(Set(acknowledged).count == acknowledged.count, "round \(round): a number was acknowledged twice")
            for number in thisRound.suffix(3) {
                #expect(try connection.request("GET", "/api/v1/tickets/\(number)").status == 200)
            }

            // Calling resumes where it was: the earliest ticket not yet called comes first.
            let expected = journaled.first { !called.contains($0) }
            let call = try connection.request("POST", "/api/v1/windows/1/call", token: DaemonFixture.adminToken)
            let number = (call.json()?["called"] as? [String: Any])?["number"] as? String
            #expect(number == expected, "round \(round)")
            if let number { called.insert(number) }
        }
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }
}
