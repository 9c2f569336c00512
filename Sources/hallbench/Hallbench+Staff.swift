import Foundation
import HallAPIModels
import HallClient
import HallTesting

#if canImport(Glibc)
import Glibc
#endif

extension Hallbench {
    /// A member of staff signing in at a window over HTTP: the scrypt check of the PIN (16 MiB,
    /// off the daemon's cooperative threads), the roster read, the session and the journaled
    /// sign-in; alternating windows, so that each sign-in also ends the one before.
    func signIn() throws {
        let daemon = try DaemonProcess(yaml: SmallHall.yaml)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        let admin = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.adminToken)
        _ = try admin.addStaff(NewStaffRequest(id: "1001", name: "张敏", duties: [.window], pin: "246810"))
        let client = HallClient(host: "127.0.0.1", port: daemon.port, token: nil)
        var latencies: [Double] = []
        for index in 0..<100 {
            let started = ContinuousClock.now
            _ = try client.signIn(window: index % 2 + 1, staff: "1001", pin: "246810")
            latencies.append((ContinuousClock.now - started) / .milliseconds(1))
        }
        latencies.sort()
        print(
            "sign-in: 100 sign-ins of one person at alternating windows, scrypt (2^14 × 8, 16 MiB): p50 \(Self.format(latencies[50])) ms, p99 \(Self.format(Self.percentile(latencies, 0.99))) ms   (target p99 ≤ 150 ms)"
        )
    }
}
