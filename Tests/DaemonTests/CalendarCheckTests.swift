import Foundation
import HallTesting
import Testing

@Suite("hallctl calendar check")
struct CalendarCheckTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/demo-hall.yaml")
        .standardized.path

    @Test("the demo hall's days around 2026's Mid-Autumn Festival: a Sunday worked opens every service, the holiday none")
    func check() throws {
        let run = try DaemonFixture.run("hallctl", ["calendar", "check", "--config", Self.demo, "--from", "2026-09-19", "--days", "7"])
        #expect(run.status == 0, "\(run.output)")
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 8, "\(run.output)")
        #expect(lines.first { $0.hasPrefix("2026-09-20") }?.contains("调休上班 国庆节调休") == true, "\(run.output)")
        #expect(lines.first { $0.hasPrefix("2026-09-20") }?.hasSuffix("14/14") == true)
        #expect(lines.first { $0.hasPrefix("2026-09-25") }?.contains("假期 中秋节") == true)
        #expect(lines.first { $0.hasPrefix("2026-09-25") }?.hasSuffix("0/14") == true)
        #expect(lines.first { $0.hasPrefix("2026-09-19") }?.contains("周末") == true)
        #expect(try DaemonFixture.run("hallctl", ["calendar", "check", "--config", Self.demo, "--from", "2026-9-1"]).status != 0)
    }
}
