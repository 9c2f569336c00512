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
    private var observers: [@Sendable (JournaledEvent, Hall) -> Void] = []

    /// Rebuilds the hall from the journal's latest day.
    public init(definition: HallDefinition, journal: Journal, clock: @escaping @Sendable () -> Date = Date.init, logger: Logger) throws {
        var hall = Hall(definition: definition)
        let events = try journal.latestDay(now: clock())
        for entry in events {
            do {
                try hall.apply(entry.event)
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

    /// Runs a command. `reply` sees the state right after the command, before any other
    /// command runs; its answer is returned once the events are durable.
    public func execute<Reply: Sendable>(
        _ command: HallCommand, reply: (Hall, [HallEvent]) -> Reply
    ) async throws -> Reply {
        if let failure { throw JournalError.unavailable(failure) }
        let outcome = hall.handle(command, at: clock())
        if let refusal = outcome.refusal {
            // A refused command may still have opened a new hall day.
            if !outcome.events.isEmpty { try await commit(outcome.events) }
            throw refusal
        }
        let answer = reply(hall, outcome.events)
        if !outcome.events.isEmpty { try await commit(outcome.events) }
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

    /// Runs `observer` for each event the moment it is durable, on the journal's thread, before
    /// the engine or the event streams hear of it: for what must happen at once, such as a
    /// called number on its window's screen. It sees the hall as the events written with it
    /// left it, and must be quick and never wait.
    public func observe(_ observer: @escaping @Sendable (JournaledEvent, Hall) -> Void) {
        observers.append(observer)
    }

    public var subscriberCount: Int { subscribers.count }

    /// Ends every event stream, at shutdown.
    public func finishSubscribers() {
        for subscriber in subscribers.values { subscriber.finish() }
        subscribers.removeAll()
    }

    private func unsubscribe(_ id: UInt64) { subscribers[id] = nil }

    private func commit(_ events: [HallEvent]) async throws {
        let day = hall.day ?? ""
        let entries = events.map { event in
            lastSequence += 1
            return (entry: JournaledEvent(sequence: lastSequence, event: event), day: day)
        }
        guard !writing else {
            // A write is under way: these events go in the next one.
            return try await withCheckedThrowingContinuation { pending.append((entries, $0)) }
        }
        // Nothing is being written: write these now, in this task, rather than hand them to
        // another (one thread hop less for a lone call), and leave what gathered meanwhile to a
        // task of its own so this command is answered as soon as its own events are durable.
        writing = true
        defer {
            if pending.isEmpty { writing = false } else { Task { await self.drain() } }
        }
        try await write(entries)
    }

    /// Writes what gathered while a write was under way, batch after batch.
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
            // The state now is the state these events made: later commands wait for the engine.
            let (observers, hall) = (observers, hall)
            try await journal.append(entries) {
                for (entry, _) in entries {
                    for observer in observers { observer(entry, hall) }
                }
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
