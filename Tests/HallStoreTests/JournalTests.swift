import Foundation
import HallCore
import HallStore
import Logging
import Synchronization
import Testing

@Suite("The durable journal")
struct JournalTests {
    static let definition = HallDefinition(
        name: "测试大厅",
        services: [Service(id: "shebao", nameZh: "社保", nameEn: "Social Insurance", prefix: "A")],
        windows: [Window(number: 1, name: "社保窗口", services: ["shebao"])])

    static func temporaryPath() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("journal.sqlite").path
    }

    @Test("events written are read back in order, from the latest day on")
    func roundTrip() async throws {
        let path = Self.temporaryPath()
        let journal = try Journal(path: path)
        let t = Date(timeIntervalSince1970: 1_796_000_000)
        let a001 = TicketNumber(prefix: "A", sequence: 1)
        let events: [HallEvent] = [
            .dayOpened(day: "2026-11-30", at: t),
            .ticketIssued(number: a001, service: "shebao", priority: .green, channel: .kiosk, at: t),
            .dayOpened(day: "2026-12-01", at: t + 86_400),
            .ticketIssued(number: a001, service: "shebao", priority: .normal, channel: .staff, at: t + 86_400),
            .ticketCalled(number: a001, window: 1, at: t + 86_460),
        ]
        let days = ["2026-11-30", "2026-11-30", "2026-12-01", "2026-12-01", "2026-12-01"]
        try await journal.append(events.enumerated().map { (JournaledEvent(sequence: Int64($0 + 1), event: $1), days[$0]) })
        let reopened = try Journal(path: path)
        #expect(try reopened.latestDay().map(\.event) == Array(events[2...]))
        #expect(try reopened.lastSequence() == 5)
        #expect(try reopened.issuedNumbers(day: "2026-11-30") == ["A001"])
    }

    @Test("the database refuses a number issued twice on one day")
    func uniqueNumbers() async throws {
        let journal = try Journal(path: Self.temporaryPath())
        let t = Date(timeIntervalSince1970: 1_796_000_000)
        let issued = HallEvent.ticketIssued(
            number: TicketNumber(prefix: "A", sequence: 1), service: "shebao", priority: .normal, channel: .kiosk, at: t)
        try await journal.append([(JournaledEvent(sequence: 1, event: issued), "2026-11-30")])
        await #expect(throws: (any Error).self) {
            try await journal.append([(JournaledEvent(sequence: 2, event: issued), "2026-11-30")])
        }
    }

    @Test("the journal is in WAL mode with full sync")
    func durabilitySettings() throws {
        let path = Self.temporaryPath()
        _ = try Journal(path: path)
        // A second, independent SQLite reader sees the WAL mode persisted in the file.
        let mode = try String(contentsOf: URL(fileURLWithPath: path), encoding: .isoLatin1)
        #expect(mode.hasPrefix("SQLite format 3"))
        let header = try Data(contentsOf: URL(fileURLWithPath: path))
        // Bytes 18 and 19 of the header are 2 for WAL.
        try #require(header.count >= 100, "an SQLite header is 100 bytes")
        #expect(header[18] == 2 && header[19] == 2)
    }

    @Test("the journal copies its WAL into the database itself, after the commits: the WAL stops growing, and every event reads back")
    func checkpoints() async throws {
        let path = Self.temporaryPath()
        let journal = try Journal(path: path)
        let t = Date(timeIntervalSince1970: 1_796_000_000)
        let count = 4 * Journal.commitsPerCheckpoint
        var walSizes: [Int] = []
        for sequence in 1...count {
            let event = HallEvent.ticketIssued(
                number: TicketNumber(prefix: "A", sequence: sequence), service: "shebao", priority: .normal, channel: .kiosk, at: t)
            try await journal.append([(JournaledEvent(sequence: Int64(sequence), event: event), "2026-11-30")])
            if sequence % Journal.commitsPerCheckpoint == 0 {
                walSizes.append((try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0)
            }
        }
        // A WAL that is copied is written again from its start: it stays near the size of one
        // checkpoint's worth of commits (left alone, it would grow by as much again each time).
        let first = try #require(walSizes.first)
        #expect(walSizes.count == 4 && first > 0 && walSizes.allSatisfy { $0 < first * 5 / 4 }, "\(walSizes)")
        #expect(try Journal(path: path).issuedNumbers(day: "2026-11-30").count == count)
    }

    @Test("the engine rebuilds the hall from the journal and goes on numbering")
    func engineRebuild() async throws {
        let path = Self.temporaryPath()
        let clock = Date(timeIntervalSince1970: 1_796_000_000)
        let logger = Logger(label: "test")
        do {
            let engine = try HallEngine(definition: Self.definition, journal: try Journal(path: path), clock: { clock }, logger: logger)
            for _ in 0..<3 {
                _ = try await engine.execute(.issue(service: "shebao", priority: .normal, channel: .kiosk)) { _, events in events.count }
            }
            _ = try await engine.execute(.callNext(window: 1)) { _, _ in 0 }
        }
        let engine = try HallEngine(definition: Self.definition, journal: try Journal(path: path), clock: { clock }, logger: logger)
        let (waiting, current) = await engine.read { ($0.waitingCount, $0.windows[1]?.current) }
        #expect(waiting == 2)
        #expect(current == TicketNumber("A001"))
        let next = try await engine.execute(.issue(service: "shebao", priority: .normal, channel: .kiosk)) { _, events in
            events.last?.number
        }
        #expect(next == TicketNumber("A004"))
    }

    @Test("appointments imported on an earlier day, and today's check-ins, survive a restart")
    func bookingsReplay() async throws {
        let path = Self.temporaryPath()
        let logger = Logger(label: "test")
        let monday = Date(timeIntervalSince1970: 1_796_000_000)
        let tuesday = monday + 86_400
        let booked = Appointment(code: "YY1", service: "shebao", start: tuesday, end: tuesday + 1800)
        let used = Appointment(code: "YY2", service: "shebao", start: tuesday, end: tuesday + 1800)
        let stale = Appointment(code: "OLD", service: "shebao", start: monday, end: monday + 1800)
        do {
            let engine = try HallEngine(definition: Self.definition, journal: try Journal(path: path), clock: { monday }, logger: logger)
            _ = try await engine.execute(.importAppointments([booked, used, stale])) { _, _ in 0 }
        }
        do {
            let engine = try HallEngine(definition: Self.definition, journal: try Journal(path: path), clock: { tuesday }, logger: logger)
            _ = try await engine.execute(.checkIn(.code("YY2"), kiosk: nil)) { _, _ in 0 }
        }
        let engine = try HallEngine(definition: Self.definition, journal: try Journal(path: path), clock: { tuesday + 60 }, logger: logger)
        #expect(await engine.read { $0.appointments.keys.sorted() } == ["YY1", "YY2"])
        await #expect(throws: HallError.appointmentUsed(code: "YY2", number: TicketNumber("A001")!)) {
            try await engine.execute(.checkIn(.code("YY2"), kiosk: nil)) { _, _ in 0 }
        }
        let number = try await engine.execute(.checkIn(.code("YY1"), kiosk: nil)) { _, events in events.last?.number }
        #expect(number == TicketNumber("A002"))
    }

    @Test("concurrent commands are group-committed: every acknowledged ticket is in the journal once")
    func groupCommit() async throws {
        let path = Self.temporaryPath()
        let engine = try HallEngine(definition: Self.definition, journal: try Journal(path: path), logger: Logger(label: "test"))
        let numbers = try await withThrowingTaskGroup(of: TicketNumber?.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    try await engine.execute(.issue(service: "shebao", priority: .normal, channel: .kiosk)) { _, events in
                        events.last?.number
                    }
                }
            }
            return try await group.reduce(into: [TicketNumber]()) { if let number = $1 { $0.append(number) } }
        }
        #expect(Set(numbers).count == 200)
        let day = await engine.read { $0.day } ?? ""
        let stored = try Journal(path: path).issuedNumbers(day: day)
        #expect(stored.count == 200)
        #expect(Set(stored) == Set(numbers.map(\.description)))
    }

    @Test("refused commands write nothing but a day opening, and the subscribers see only durable events")
    func refusalsAndSubscribers() async throws {
        let path = Self.temporaryPath()
        let engine = try HallEngine(definition: Self.definition, journal: try Journal(path: path), logger: Logger(label: "test"))
        let stream = await engine.subscribe()
        await #expect(throws: HallError.unknownService("nope")) {
            try await engine.execute(.issue(service: "nope", priority: .normal, channel: .kiosk)) { _, _ in 0 }
        }
        await #expect(throws: HallError.noCurrentTicket(window: 1)) {
            try await engine.execute(.finish(window: 1)) { _, _ in 0 }
        }
        _ = try await engine.execute(.issue(service: "shebao", priority: .normal, channel: .kiosk)) { _, _ in 0 }
        var iterator = stream.makeAsyncIterator()
        let first = await iterator.next()
        let second = await iterator.next()
        #expect(first?.event.name == "day.opened")
        #expect(second?.event.name == "ticket.issued")
        #expect(second?.sequence == 2)
        #expect(try Journal(path: path).lastSequence() == 2)
    }

    @Test("an observer sees each event with the hall it made, and its action runs once the event is in the journal")
    func observers() async throws {
        let path = Self.temporaryPath()
        let engine = try HallEngine(definition: Self.definition, journal: try Journal(path: path), logger: Logger(label: "test"))
        let reader = try Journal(path: path)
        let seen = Mutex<[(sequence: Int64, durable: Int64, waiting: Int)]>([])
        await engine.observe { entry, hall in
            let waiting = hall.waitingCount
            return { seen.withLock { $0.append((entry.sequence, (try? reader.lastSequence()) ?? -1, waiting)) } }
        }
        let stream = await engine.subscribe()
        for _ in 1...3 { _ = try await engine.execute(.issue(service: "shebao", priority: .normal, channel: .kiosk)) { _, _ in 0 } }
        var iterator = stream.makeAsyncIterator()
        for _ in 1...4 { _ = await iterator.next() }
        let observed = seen.withLock { $0 }
        #expect(observed.map(\.sequence) == [1, 2, 3, 4])
        #expect(observed.allSatisfy { $0.durable >= $0.sequence }, "\(observed)")
        #expect(observed.map(\.waiting) == [1, 1, 2, 3], "the first command opened the day and issued A001 in one write")
    }
}
