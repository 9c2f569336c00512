import Foundation
import HallConfig
import HallCore
import HallStore
import HallTesting
import Logging
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Reports over past days")
struct ReportTests {
    /// Two past days written through the core, as the daemon of those days would have.
    static func pastDays(in directory: URL) async throws {
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let definition = try HallConfiguration.parse(
            DaemonFixture.yaml.replacingOccurrences(of: "{data}", with: data.path), file: "hall.yaml"
        ).definition
        let journal = try Journal(path: data.appendingPathComponent("journal.sqlite").path)
        // Tuesday 2026-11-03 and Wednesday 2026-11-04, from 09:00 in Shanghai.
        let now = Mutex(Date(timeIntervalSince1970: 1_793_665_200))
        let engine = try HallEngine(definition: definition, journal: journal, clock: { now.withLock { $0 } }, logger: Logger(label: "test"))
        for day in 0..<2 {
            now.withLock { $0 = Date(timeIntervalSince1970: 1_793_665_200 + Double(day) * 86_400) }
            for service in ["shebao", "shebao", "huji"] {
                _ = try await engine.execute(.issue(service: service, priority: .normal, channel: .kiosk)) { _, _ in 0 }
            }
            for window in [1, 2, 1] {
                now.withLock { $0 += 240 }
                _ = try await engine.execute(.callNext(window: window)) { _, _ in 0 }
                now.withLock { $0 += 360 }
                _ = try await engine.execute(.finish(window: window)) { _, _ in 0 }
            }
        }
    }

    @Test("a daemon started after those days rolls them up; hallctl report prints the month by service and writes a CSV")
    func monthByService() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString.prefix(8))")
        try await Self.pastDays(in: directory)
        let daemon = try DaemonProcess(yaml: DaemonFixture.yaml, directory: directory)
        defer { daemon.signal(SIGKILL) }
        let environment = [
            "HALLCTL_URL": "http://127.0.0.1:\(daemon.port)", "HALLCTL_TOKEN": "manager-token-123", "HALLCTL_CONFIG": "/nonexistent",
        ]
        var printed = (status: Int32(-1), output: "")
        for _ in 0..<100 {
            printed = try DaemonFixture.run("hallctl", ["report", "--month", "2026-11", "--by", "service"], environment: environment)
            if printed.output.contains("2 天") { break }
            usleep(100_000)
        }
        #expect(printed.status == 0)
        let lines = printed.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "测试大厅 2026-11-01 – 2026-11-30 · 2 天 days", "\(printed.output)")
        #expect(lines.contains { $0.hasPrefix("huji") && $0.contains("户籍") && $0.contains(" 2 ") }, "\(printed.output)")
        #expect(lines.last?.hasPrefix("合计") == true && lines.last?.contains(" 6 ") == true, "\(printed.output)")

        let csv = directory.appendingPathComponent("november.csv").path
        let written = try DaemonFixture.run(
            "hallctl", ["report", "--month", "2026-11", "--by", "window", "--format", "csv", "--output", csv], environment: environment)
        #expect(written.status == 0, "\(written.output)")
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let header = try #require(rows.first)
        let served = try #require(header.firstIndex(of: "办结 SERVED"))
        let wait = try #require(header.firstIndex(of: "平均等候 MEAN WAIT"))
        #expect(rows.dropFirst().map { String($0[0]) } == ["1", "2", "合计"])
        #expect(rows.dropFirst().map { String($0[served]) } == ["4", "2", "6"])
        let p90 = try #require(header.firstIndex(of: "P90 等候 P90 WAIT"))
        // Each day window 1 calls after 4 and 24 minutes, window 2 after 14: by the minute, 90 % had been called by 25 and 15.
        #expect(rows.dropFirst().map { String($0[wait]) } == ["14.0", "14.0", "14.0"])
        #expect(rows.dropFirst().map { String($0[p90]) } == ["25.0", "15.0", "25.0"])

        let auditor = try DaemonFixture.run(
            "hallctl", ["report", "--from", "2026-11-04", "--to", "2026-11-04", "--by", "weekday", "--json"],
            environment: environment.merging(["HALLCTL_TOKEN": "auditor-token-123"]) { $1 })
        #expect(auditor.output.contains(#""name":"周三 Wed""#) || auditor.output.contains(#""name" : "周三 Wed""#), "\(auditor.output)")
        let kiosk = try DaemonFixture.run(
            "hallctl", ["report", "--month", "2026-11"],
            environment: environment.merging(["HALLCTL_TOKEN": DaemonFixture.kioskToken]) { $1 })
        #expect(kiosk.status != 0)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0, "\(daemon.log)")
    }
}
