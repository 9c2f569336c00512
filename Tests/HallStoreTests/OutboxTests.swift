import Foundation
import GRDB
import HallCore
import HallStore
import Logging
import Testing

@Suite("The outbox and text reminders")
struct OutboxTests {
    @Test("a key is taken once, even after a reopen; a failed message waits; a delivered or given-up one loses its sealed part")
    func outbox() throws {
        let path = JournalTests.temporaryPath()
        let t = Date(timeIntervalSince1970: 1_796_000_000)
        let outbox = try Journal(path: path).outbox
        #expect(try outbox.enqueue(key: "sms:d:A001:ahead", channel: "sms", body: "{}", sealed: Data([1, 2]), at: t))
        #expect(try !outbox.enqueue(key: "sms:d:A001:ahead", channel: "sms", body: "{}", sealed: Data([3]), at: t + 1))
        #expect(try outbox.enqueue(key: "sms:d:A002:ahead", channel: "sms", body: "{}", sealed: Data([4]), at: t + 2))
        let reopened = try Journal(path: path).outbox
        #expect(try !reopened.enqueue(key: "sms:d:A001:ahead", channel: "sms", body: "{}", sealed: nil, at: t + 3))
        let due = try reopened.due(channel: "sms", at: t + 5)
        #expect(due.map(\.key) == ["sms:d:A001:ahead", "sms:d:A002:ahead"] && due.first?.sealed == Data([1, 2]))
        #expect(try reopened.due(channel: "uplink", at: t + 5).isEmpty)

        let first = try #require(due.first)
        let second = try #require(due.last)
        try reopened.failed(first.id, reason: "HTTP 503", retryAt: t + 60)
        try reopened.delivered(second.id, at: t + 6)
        #expect(try reopened.due(channel: "sms", at: t + 59).isEmpty)
        #expect(try reopened.nextDue(channel: "sms") == t + 60)
        let retried = try #require(try reopened.due(channel: "sms", at: t + 60).first)
        #expect(retried.attempts == 1 && retried.key == first.key)
        try reopened.giveUp(retried.id, reason: "too late", at: t + 61)
        #expect(try reopened.due(channel: "sms", at: t + 10_000).isEmpty)
        let backlog = try reopened.backlog(channel: "sms")
        #expect(backlog.pending == 0 && backlog.oldest == nil && backlog.sent == 1 && backlog.givenUp == 1)
        let sealed = try count(path, "SELECT count(*) FROM outbox WHERE sealed IS NOT NULL")
        #expect(sealed == 0)
    }

    @Test("reminders: one 'almost' and one 'called' per ticket, none again after a restart, and the number erased as the ticket ends")
    func reminders() async throws {
        let path = JournalTests.temporaryPath()
        let t = Date(timeIntervalSince1970: 1_796_000_000)
        let logger = Logger(label: "test")
        let definition = JournalTests.definition
        do {
            let journal = try Journal(path: path)
            let engine = try HallEngine(definition: definition, journal: journal, clock: { t }, logger: logger)
            let reminders = TextReminders(engine: engine, journal: journal, logger: logger, clock: { t })
            let following = Task { await reminders.run() }
            for _ in 0..<5 { _ = try await engine.execute(.issue(service: "shebao", priority: .normal, channel: .kiosk)) { _, _ in 0 } }
            #expect(await reminders.register(TicketNumber("A005")!, sealed: Data("sealed-5".utf8)))
            #expect(await reminders.register(TicketNumber("A001")!, sealed: Data("sealed-1".utf8)))
            // A001 is due 'almost' at once (nobody ahead); A005 has 4 ahead.
            #expect(try journal.outbox.due(channel: "sms", at: t).map(\.key).sorted() == ["sms:\(try await day(engine)):A001:ahead"])
            _ = try await engine.execute(.callNext(window: 1)) { _, _ in 0 }
            try await eventually { try journal.outbox.due(channel: "sms", at: t).count == 3 }
            _ = try await engine.execute(.recall(window: 1)) { _, _ in 0 }
            _ = try await engine.execute(.finish(window: 1)) { _, _ in 0 }
            _ = try await engine.execute(.callNext(window: 1)) { _, _ in 0 }
            try await eventually { try count(path, "SELECT count(*) FROM ticket_phones") == 1 }
            following.cancel()
        }
        // After a restart: A005 is called now; its 'almost' is not queued again.
        let journal = try Journal(path: path)
        let engine = try HallEngine(definition: definition, journal: journal, clock: { t }, logger: logger)
        let reminders = TextReminders(engine: engine, journal: journal, logger: logger, clock: { t })
        let following = Task { await reminders.run() }
        defer { following.cancel() }
        for _ in 0..<3 {
            _ = try await engine.execute(.finish(window: 1)) { _, _ in 0 }
            _ = try await engine.execute(.callNext(window: 1)) { _, _ in 0 }
        }
        try await eventually { try journal.outbox.due(channel: "sms", at: t).count == 4 }
        let today = try await day(engine)
        #expect(
            try journal.outbox.due(channel: "sms", at: t).map(\.key).sorted() == [
                "sms:\(today):A001:ahead", "sms:\(today):A001:called", "sms:\(today):A005:ahead", "sms:\(today):A005:called",
            ])
        let called = try #require(try journal.outbox.due(channel: "sms", at: t).first { $0.key.hasSuffix("A005:called") })
        let body = try JSONDecoder().decode(ReminderMessage.self, from: Data(called.body.utf8))
        #expect(body == ReminderMessage(number: TicketNumber("A005")!, reminder: .called(window: 1)))
        #expect(called.sealed == Data("sealed-5".utf8))
        _ = try await engine.execute(.finish(window: 1)) { _, _ in 0 }
        try await eventually { try count(path, "SELECT count(*) FROM ticket_phones") == 0 }
    }

    private func day(_ engine: HallEngine) async throws -> String { try #require(await engine.read(\.day)) }

    private func count(_ path: String, _ sql: String) throws -> Int {
        try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    private func eventually(_ condition: () throws -> Bool) async throws {
        for _ in 0..<500 {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the condition never held")
    }
}
