import Foundation
import HallCore
import Logging

/// Owns the hall's state and its journal. A command is decided in memory, its events are
/// written to the journal, and only then is the caller answered and the event stream told.
///
/// Writes are group-committed: while one transaction is being synced, the events of every
/// command that arrives meanwhile gather and go in the next one, so many concurrent kiosks
/// share each fsync.
public actor HallEngine {
    public private(set) var hall: Hall
    private let journal: Journal
    /// The hall's staff, in the journal's database.
    public nonisolated let staff: StaffRoster
    /// The past days' figures, in the journal's database.
    public nonisolated let rollups: Rollups
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private var lastSequence: Int64
    private var pending: [(entries: [(entry: JournaledEvent, day: String)], done: CheckedContinuation<Void, any Error>)] = []
    private var writing = false
    /// Set when a journal write failed: from then on the state may be ahead of the disk, so the
    /// engine refuses everything until the daemon restarts and replays the journal.
    public private(set) var failure: String?
    private var subscribers: [UInt64: AsyncStream<JournaledEvent>.Continuation] = [:]
    private var nextSubscriber: UInt64 = 0
    private var observers: [@Sendable (JournaledEvent, Hall) -> (@Sendable () -> Void)?] = []

    /// Rebuilds the hall from the journal's latest day.
    public init(definition: HallDefinition, journal: Journal, clock: @escaping @Sendable () -> Date = Date.init, logger: Logger) throws {
        staff = journal.staff
        rollups = journal.rollups
        var hall = Hall(definition: definition)
        let events = try journal.latestDay(now: clock())
        for entry in events {
            do {
                try hall.apply(entry.event, by: entry.staff)
            } catch {
                throw JournalError.replayFailed(sequence: entry.sequence, reason: error.description)
            }
        }
        self.hall = hall
        self.journal = journal
        self.clock = clock
        self.logger = logger
        self.lastSequence = try journal.lastSequence()
    }

    /// Runs a command, given by `staff` when a signed-in person gave it. `reply` sees the state
    /// right after the command, before any other command runs; its answer is returned once the
    /// events are durable.
    public func execute<Reply: Sendable>(
        _ command: HallCommand, by staff: String? = nil, reply: (Hall, [HallEvent]) -> Reply
    ) async throws -> Reply {
        if let failure { throw JournalError.unavailable(failure) }
        let outcome = hall.handle(command, at: clock(), by: staff)
        if let refusal = outcome.refusal {
            // A refused command may still have opened a new hall day.
            if !outcome.events.isEmpty { try await commit(outcome.events, by: staff) }
            throw refusal
        }
        let answer = reply(hall, outcome.events)
        if !outcome.events.isEmpty { try await commit(outcome.events, by: staff) }
        return answer
    }

    /// Journals and publishes events that are not commands, such as device changes.
    public func record(_ events: [HallEvent]) async throws {
        if let failure { throw JournalError.unavailable(failure) }
        for event in events { try hall.apply(event) }
        try await commit(events)
    }

    /// Reads the state without changing it.
    public func read<Value: Sendable>(_ body: (Hall) -> Value) -> Value { body(hall) }

    public func reconfigure(_ definition: HallDefinition) { hall.reconfigure(definition) }

    /// Durable events from now on, in journal order.
    public func subscribe() -> AsyncStream<JournaledEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: JournaledEvent.self, bufferingPolicy: .bufferingNewest(10_000))
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    /// For what must happen the moment an event is durable, such as a called number on its
    /// window's screen: `observer` sees each event on the engine as it goes to the journal,
    /// with the hall it made, and may return an action; the action runs on the journal's
    /// thread as soon as the event is on the disk, before the engine or the event streams hear
    /// of it. Both must be quick and never wait.
    public func observe(_ observer: @escaping @Sendable (JournaledEvent, Hall) -> (@Sendable () -> Void)?) {
        observers.append(observer)
    }

    public var subscriberCount: Int { subscribers.count }

    /// Ends every event stream, at shutdown.
    public func finishSubscribers() {
        for subscriber in subscribers.values { subscriber.finish() }
        subscribers.removeAll()
    }

    private func unsubscribe(_ id: UInt64) { subscribers[id] = nil }

    private func commit(_ events: [HallEvent], by staff: String? = nil) async throws {
        let day = hall.day ?? ""
        let entries = events.map { event in
            lastSequence += 1
            return (entry: JournaledEvent(sequence: lastSequence, event: event, staff: hall.attribution(of: event, by: staff)), day: day)
        }
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            pending.append((entries, done))
            if !writing {
                writing = true
                // A task of its own, not this command's: by the time it runs, the commands that
                // came meanwhile have joined the batch.
                Task { await self.drain() }
            }
        }
    }

    /// Writes what gathered, batch after batch, until nothing waits.
    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                try await write(batch.flatMap(\.entries))
                for item in batch { item.done.resume() }
            } catch {
                for item in batch { item.done.resume(throwing: error) }
            }
        }
        writing = false
    }

    /// Journals entries and then tells the subscribers. A failed write stops the engine: from
    /// then on the state may be ahead of the disk.
    private func write(_ entries: [(entry: JournaledEvent, day: String)]) async throws {
        do {
            if let failure { throw JournalError.unavailable(failure) }
            // The state now is the state these events made. Observers take what they need from it
            // here: a copy of the hall kept across the write would make the next command copy
            // every ticket (issuing fell from 4400 to 1800 tickets/s).
            let actions = entries.flatMap { entry, _ in observers.compactMap { $0(entry, hall) } }
            try await journal.append(entries) {
                for action in actions { action() }
            }
        } catch {
            if failure == nil {
                failure = "\(error)"
                logger.critical("journal write failed; refusing commands until restart", metadata: ["error": "\(error)"])
            }
            throw JournalError.unavailable(failure ?? "\(error)")
        }
        for (entry, _) in entries {
            for subscriber in subscribers.values { subscriber.yield(entry) }
        }
    }
}
