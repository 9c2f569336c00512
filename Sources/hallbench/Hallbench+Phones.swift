import Foundation
import HallAPIModels
import HallClient
import HallCore
import HallIdentity
import HallTesting
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

extension Hallbench {
    /// 500 citizens' phone pages following their tickets live while a window calls: from the
    /// call's request to each page's update arriving, and the daemon's memory meanwhile.
    func phones() throws {
        let pages = 500
        let calls = 40
        let daemon = try DaemonProcess(yaml: SmallHall.yaml)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        let kiosk = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.kioskToken)
        let window = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.windowToken)
        var numbers: [TicketNumber] = []
        for _ in 0..<(pages + calls) { numbers.append(TicketNumber(try kiosk.issue(IssueRequest(service: "shebao")).number)!) }
        let keys = TicketKeys(secret: try HallSecret.loadOrCreate(path: daemon.directory.appendingPathComponent("data/hall.secret").path))
        let day = try kiosk.health().day ?? ""
        // The pages of the last tickets: every call moves each of them.
        let followed = numbers.suffix(pages)
        let arrivals = Mutex<[Int: [ContinuousClock.Instant]]>([:])
        let opened = Atomic<Int>(0)
        let port = daemon.port
        for (index, number) in followed.enumerated() {
            Thread.detachNewThread {
                let connection = HTTPConnection(host: "127.0.0.1", port: port, timeout: 120)
                let path = "/api/v1/tickets/\(number)/follow?k=\(keys.key(day: day, number: number))"
                guard (try? connection.openStream(path, token: nil))?.status == 200 else { return }
                opened.add(1, ordering: .relaxed)
                while let line = try? connection.readLine() {
                    if line.hasPrefix("data: ") { arrivals.withLock { $0[index, default: []].append(.now) } }
                }
            }
        }
        while opened.load(ordering: .relaxed) < pages || arrivals.withLock({ $0.count }) < pages { usleep(10_000) }
        let rssOpen = daemon.residentKiB ?? 0
        var latencies: [Double] = []
        for call in 1...calls {
            let before = arrivals.withLock { $0.mapValues(\.count) }
            let started = ContinuousClock.now
            _ = try window.callNext(window: 1)
            // Every page hears of it: its count of people ahead went down by one.
            let deadline = Date() + 10
            while Date() < deadline, arrivals.withLock({ now in now.contains { $0.value.count <= before[$0.key] ?? 0 } }) { usleep(2000) }
            for (index, times) in arrivals.withLock({ $0 }) where times.count > before[index] ?? 0 {
                latencies.append((times[before[index] ?? 0] - started) / .milliseconds(1))
            }
            if call % 10 == 0 { usleep(100_000) }
        }
        latencies.sort()
        print("citizens' phone pages following their tickets live: \(pages) open, \(calls) calls at one window, each moving every page")
        print(
            "  event → page: from the call's request to each page's update, p50 \(Self.format(Self.percentile(latencies, 0.5))) ms, p99 \(Self.format(Self.percentile(latencies, 0.99))) ms, max \(Self.format(latencies.last ?? 0)) ms over \(latencies.count) updates (\(pages * calls) expected)   (target p99 ≤ 200 ms)"
        )
        print("  daemon RSS with \(pages) pages open: \(Self.format(Double(rssOpen) / 1024)) MiB")
    }
}
