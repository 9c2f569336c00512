import Foundation
import HallCore
import HallStore
import Logging
import Synchronization
import Testing

@Suite("Daily figures kept at each day's close")
struct RollupTests {
    @Test("past days are rolled up once, today not; rebuilt from the journal they are the same; a report sums the days")
    func rollUp() async throws {
        let path = JournalTests.temporaryPath()
        let journal = try Journal(path: path)
        let now = Mutex(Date(timeIntervalSince1970: 1_796_000_000))  // Monday 2026-11-30, in Shanghai
        let engine = try HallEngine(
            definition: JournalTests.definition, journal: journal, clock: { now.withLock { $0 } }, logger: Logger(label: "test"))
        var days: [String] = []
        for day in 0..<3 {
            now.withLock { $0 = Date(timeIntervalSince1970: 1_796_000_000 + Double(day) * 86_400) }
            for ticket in 0...day {
                _ = try await engine.execute(.issue(service: "shebao", priority: .normal, channel: .kiosk)) { _, _ in 0 }
                now.withLock { $0 += 300 }
                _ = try await engine.execute(.callNext(window: 1)) { _, _ in 0 }
                now.withLock { $0 += 600 }
                // The first of each day is served, the others do not come after two recalls.
                for _ in 0..<(ticket == 0 ? 0 : 2) { _ = try await engine.execute(.recall(window: 1)) { _, _ in 0 } }
                _ = try await engine.execute(ticket == 0 ? .finish(window: 1) : .noShow(window: 1)) { _, _ in 0 }
            }
            days.append(try #require(await engine.read(\.day)))
        }
        #expect(days == ["2026-11-30", "2026-12-01", "2026-12-02"])
        #expect(try journal.rollUpPastDays(today: days[2], definition: JournalTests.definition) == ["2026-11-30", "2026-12-01"])
        #expect(try journal.rollUpPastDays(today: days[2], definition: JournalTests.definition).isEmpty)
        for day in days.prefix(2) {
            #expect(try journal.rollups.day(day) == journal.figures(day: day, definition: JournalTests.definition))
        }
        let report = try #require(
            try journal.rollups.report(
                from: "2026-11-01", to: "2026-12-31", by: "service", definition: JournalTests.definition, staffNames: [:]))
        #expect(
            report.days == 2 && report.total.issued == 3 && report.total.served == 2 && report.total.noShows == 1
                && report.total.recalls == 2)
        #expect(report.rows.map(\.key) == ["shebao"] && report.rows.first?.name == "社保")
        #expect(report.total.meanWaitMinutes == 5 && report.total.meanServiceMinutes == 10)
        let byDay = try #require(
            try journal.rollups.report(
                from: "2026-12-01", to: "2026-12-01", by: "day", definition: JournalTests.definition, staffNames: [:]))
        #expect(byDay.rows.map(\.key) == ["2026-12-01"] && byDay.total.issued == 2)
        let byWeekday = try #require(
            try journal.rollups.report(
                from: "2026-11-30", to: "2026-12-01", by: "weekday", definition: JournalTests.definition, staffNames: [:]))
        #expect(byWeekday.rows.map(\.name) == ["周一 Mon", "周二 Tue"])
        #expect(
            try journal.rollups.report(
                from: "2026-12-01", to: "2026-12-02", by: "colour", definition: JournalTests.definition, staffNames: [:]) == nil)
    }
}
