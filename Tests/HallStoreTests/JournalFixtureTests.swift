import Foundation
import GRDB
import HallCore
import HallStore
import Logging
import Testing

/// The journal outlives the code that wrote it: a journal written in December 2026's format
/// (Tests/Fixtures/journal-2026-12.sqlite, committed as written) must replay to the same hall
/// however the events' Swift types change.
@Suite("A journal from an earlier release")
struct JournalFixtureTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/journal-2026-12.sqlite").standardized.path
    static let definition = HallDefinition(
        name: "测试大厅",
        services: [
            Service(id: "shebao", nameZh: "社保", nameEn: "Social Insurance", prefix: "A"),
            Service(id: "yibao", nameZh: "医保", nameEn: "Medical Insurance", prefix: "B"),
        ],
        windows: [
            Window(number: 1, name: "社保窗口", services: ["shebao", "yibao"]), Window(number: 2, name: "医保窗口", services: ["yibao"]),
        ])
    static let day = Date(timeIntervalSince1970: 1_796_025_600)  // 2026-12-01 08:00 in Shanghai
    static let zhang = Holder(maskedName: "张*三", maskedNumber: "110105********002X", key: "3f1e0c5a9b")

    /// What the fixture holds, written as the code of today would make it.
    static var events: [(event: HallEvent, day: String)] {
        let (a1, a2, a3, b1) = (
            TicketNumber(prefix: "A", sequence: 1), TicketNumber(prefix: "A", sequence: 2), TicketNumber(prefix: "A", sequence: 3),
            TicketNumber(prefix: "B", sequence: 1)
        )
        let t = day
        let booking = Appointment(code: "YY-7", service: "yibao", start: t + 3600, end: t + 5400, holder: zhang)
        let list: [HallEvent] = [
            .dayOpened(day: "2026-12-01", at: t),
            .appointmentBooked(appointment: booking, at: t + 1),
            .deviceChanged(device: "K1.printer", state: .ready, reason: "connected", at: t + 2),
            .kioskIdentified(kiosk: "K1", holder: zhang, at: t + 10),
            .ticketIssued(number: a1, service: "shebao", priority: .normal, channel: .kiosk, at: t + 11, kiosk: "K1", holder: zhang),
            .ticketPrinted(number: a1, kiosk: "K1", job: 3, at: t + 12),
            .ticketIssued(number: a2, service: "shebao", priority: .green, channel: .staff, at: t + 20),
            .ticketIssued(number: a3, service: "shebao", priority: .normal, channel: .kiosk, at: t + 21, kiosk: "K1"),
            .ticketCalled(number: a2, window: 1, at: t + 30),
            .ticketRecalled(number: a2, window: 1, at: t + 60),
            .serviceStarted(number: a2, window: 1, at: t + 90),
            .ticketFinished(number: a2, window: 1, at: t + 400),
            .ticketEvaluated(number: a2, window: 1, rating: 2, reasons: ["等候时间长"], at: t + 410),
            .ticketCalled(number: a1, window: 1, at: t + 420),
            .ticketNoShow(number: a1, window: 1, at: t + 600),
            .ticketRequeued(number: a1, queuedAt: t + 700, at: t + 700),
            .ticketIssued(
                number: b1, service: "yibao", priority: .appointment, channel: .appointment, at: t + 3000, kiosk: "K1", holder: zhang,
                appointment: "YY-7"),
            .ticketCalled(number: a3, window: 1, at: t + 3100),
            .ticketTransferred(number: a3, window: 1, toService: "yibao", at: t + 3200),
            .windowPaused(window: 2, at: t + 3300),
            .windowResumed(window: 2, at: t + 3400),
            .ticketCancelled(number: a1, reason: "citizen left", at: t + 3500),
            .kioskNotice(kiosk: "K1", code: "printer_fault", message: "缺纸 / out of paper", at: t + 3600),
            .deviceChanged(device: "K1.printer", state: .faulted, reason: "缺纸 / out of paper", at: t + 3600),
            .selfTest(healthy: 2, problems: ["K1.printer: 缺纸"], at: t + 3601),
        ]
        return list.map { ($0, "2026-12-01") }
    }

    @Test("a journal written in December 2026's format replays to the same hall, event for event")
    func replays() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let copy = directory.appendingPathComponent("journal.sqlite").path
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: copy)
        let journal = try Journal(path: copy)
        let stored = try journal.latestDay(now: Self.day + 4000)
        #expect(stored.map(\.event) == Self.events.map(\.event))
        #expect(stored.map(\.sequence) == Array(1...Int64(Self.events.count)))

        var expected = Hall(definition: Self.definition)
        for (event, _) in Self.events { try expected.apply(event) }
        let engine = try HallEngine(
            definition: Self.definition, journal: journal, clock: { Self.day + 4000 }, logger: Logger(label: "test"))
        let (tickets, windows, appointments, waiting) = await engine.read { ($0.tickets, $0.windows, $0.appointments, $0.waitingCount) }
        #expect(tickets == expected.tickets)
        #expect(windows == expected.windows)
        #expect(appointments == expected.appointments)
        #expect(waiting == expected.waitingCount && tickets.count == 4)
    }
}

@Suite("The journal's own format")
struct StoredFormatTests {
    static func bodies(_ path: String) throws -> [(body: NSDictionary, version: Int)] {
        try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT body, version FROM journal ORDER BY sequence").map { row in
                let body: String = row["body"]
                return (try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? NSDictionary), row["version"])
            }
        }
    }

    @Test("events written today are stored exactly as the December 2026 journal holds them, each marked format 1")
    func sameFormat() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("format-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fresh = directory.appendingPathComponent("journal.sqlite").path
        let journal = try Journal(path: fresh)
        try await journal.append(
            JournalFixtureTests.events.enumerated().map {
                (JournaledEvent(sequence: Int64($0.offset + 1), event: $0.element.event), $0.element.day)
            })
        let written = try Self.bodies(fresh)
        // Opening the fixture brings its schema up to date: its rows are format 1.
        let copy = directory.appendingPathComponent("fixture.sqlite").path
        try FileManager.default.copyItem(atPath: JournalFixtureTests.fixture, toPath: copy)
        _ = try Journal(path: copy)
        let fixture = try Self.bodies(copy)
        #expect(written.count == fixture.count)
        for (mine, theirs) in zip(written, fixture) {
            #expect(mine.body == theirs.body)
            #expect(mine.version == 1 && theirs.version == 1)
        }
    }

    @Test("a hold, a return and a visit's matters are stored in format 3, outcomes as words of the format's own, and read back")
    func matters() async throws {
        let path = JournalTests.temporaryPath()
        let journal = try Journal(path: path)
        let number = TicketNumber(prefix: "A", sequence: 1)
        let matters = Matter.Outcome.allCases.map { Matter(service: "shebao", outcome: $0) }
        let events: [HallEvent] = [
            .dayOpened(day: "2026-12-01", at: JournalFixtureTests.day),
            .ticketHeld(number: number, window: 4, reason: "补材料", until: JournalFixtureTests.day + 1800, at: JournalFixtureTests.day + 30),
            .ticketReturned(number: number, at: JournalFixtureTests.day + 40),
            .mattersRecorded(number: number, window: 4, matters: matters, at: JournalFixtureTests.day + 60),
        ]
        try await journal.append(
            events.enumerated().map { (JournaledEvent(sequence: Int64($0.offset + 1), event: $0.element), "2026-12-01") })
        #expect(try journal.latestDay(now: JournalFixtureTests.day).map(\.event) == events)
        let rows = try Self.bodies(path)
        #expect(rows.map(\.version) == [1, 3, 3, 3])
        let stored = try #require(rows.last)
        let written = try #require((stored.body["mattersRecorded"] as? NSDictionary)?["matters"] as? [NSDictionary])
        #expect(written.map { $0["outcome"] as? String } == ["completed", "accepted", "correction-notice", "consultation", "rejected"])
    }

    @Test("a row in a format newer than this hallqd reads is refused by name, never misread")
    func newerFormat() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("newer-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("journal.sqlite").path
        let journal = try Journal(path: path)
        try await journal.append([
            (JournaledEvent(sequence: 1, event: .dayOpened(day: "2026-12-01", at: JournalFixtureTests.day)), "2026-12-01")
        ])
        try await DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE journal SET version = 4") }
        do {
            _ = try journal.latestDay(now: JournalFixtureTests.day)
            Issue.record("a row of format 4 was read")
        } catch {
            #expect("\(error)".contains("journal entry 1") && "\(error)".contains("format 4 by a newer hallqd"))
        }
    }
}
