import Foundation
import GRDB
import HallCore
import Synchronization

/// The durable record of every hall event, in SQLite (WAL mode, full sync): once `append`
/// returns, the events survive `kill -9` and a power cut.
public final class Journal: Sendable {
    private let database: DatabaseQueue
    /// Appends run here, one at a time, so a commit's fsync holds this queue's thread rather
    /// than one of Swift concurrency's. (GRDB's async write does the same with more hops: a
    /// call reached its screen measurably later, p90 1.4–1.7 ms against 1.0–1.1 ms.)
    private let writer = DispatchQueue(label: "hall-journal-writer")
    /// A second connection that copies the WAL into the database on a thread of its own,
    /// alongside the writer's commits (WAL mode lets a checkpoint and a commit run together).
    private let checkpointer: DatabaseQueue
    private let checkpoints = DispatchQueue(label: "hall-journal-checkpoint")
    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    /// Opens (creating if needed) the journal at `path` and brings its schema up to date.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.label = "hall-journal"
        configuration.prepareDatabase { db in
            // FULL makes each commit fsync the WAL: an acknowledged ticket is on the disk.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // SQLite would copy the WAL into the database inside every thousandth page's commit,
            // holding a call off its screen for milliseconds (tens on a disk); the journal's
            // own checkpointer does it beside the commits (`checkpointIfDue`).
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        database = try DatabaseQueue(path: path, configuration: configuration)
        try database.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
        try Self.migrator.migrate(database)
        configuration.label = "hall-journal-checkpoint"
        checkpointer = try DatabaseQueue(path: path, configuration: configuration)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: journal") { db in
            try db.execute(
                sql: """
                    CREATE TABLE journal (
                        sequence INTEGER PRIMARY KEY,
                        day TEXT NOT NULL,
                        at REAL NOT NULL,
                        name TEXT NOT NULL,
                        number TEXT,
                        body TEXT NOT NULL
                    );
                    CREATE INDEX journal_day ON journal(day);
                    -- The last line of defence for "no number twice in a day".
                    CREATE UNIQUE INDEX journal_issued_once ON journal(day, number) WHERE name = 'ticket.issued';
                    """)
        }
        migrator.registerMigration("v2: bookings outlive their day") { db in
            try db.execute(sql: "CREATE INDEX journal_name ON journal(name, sequence)")
        }
        // The format of each row's body (`StoredEvent`); the rows before it are format 1.
        migrator.registerMigration("v3: each event's format") { db in
            try db.execute(sql: "ALTER TABLE journal ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
        }
        migrator.registerMigration("v4: staff") { db in try StaffRoster.createTable(db) }
        // Who did each event, when a signed-in person did: beside the event, so that the
        // events' own format stays as it was.
        migrator.registerMigration("v5: who did it") { db in try db.execute(sql: "ALTER TABLE journal ADD COLUMN staff TEXT") }
        migrator.registerMigration("v6: reminders") { db in
            try Outbox.createTables(db)
            try PhoneBook.createTable(db)
        }
        migrator.registerMigration("v7: daily figures") { db in try Rollups.createTables(db) }
        return migrator
    }

    /// Appends events in one transaction. `day` is the hall day each event belongs to.
    /// `durable` runs on the journal's thread as soon as they are on the disk.
    public func append(_ events: [(entry: JournaledEvent, day: String)], durable: @escaping @Sendable () -> Void = {}) async throws {
        let rows = try events.map { entry, day in
            let stored = StoredEvent(entry.event)
            return (
                entry.sequence, day, entry.event.at.timeIntervalSince1970, entry.event.name,
                entry.event.number?.description, String(decoding: try Self.encoder.encode(stored), as: UTF8.self), stored.version,
                entry.staff
            )
        }
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            writer.async { [self] in
                let written = Result { try Self.insert(rows, into: database) }
                if case .success = written { durable() }
                done.resume(with: written)
                checkpointIfDue()
            }
        }
    }

    /// Commits since the WAL was last copied into the database, whether the checkpointer is
    /// copying it, and whether it has copied it and left the last frames to the writer.
    private let checkpointState = Mutex((commits: 0, running: false, copied: false))
    /// About what SQLite's own automatic checkpoint would do (every 1,000 pages of WAL): a
    /// commit writes a few pages, one per index it touches.
    public static let commitsPerCheckpoint = 250

    /// Every `commitsPerCheckpoint` commits, has the checkpointer copy the WAL into the
    /// database beside the commits: the bulk of the work, passive, waiting for nobody. The
    /// frames committed meanwhile are copied here, on the writer's thread after a commit has
    /// been answered: a few pages, after which the next commit writes the WAL from its start
    /// again (SQLite restarts it only for a writer that finds it copied whole).
    private func checkpointIfDue() {
        let (due, finish) = checkpointState.withLock { state -> (Bool, Bool) in
            state.commits += 1
            if state.copied {
                state.copied = false
                return (false, true)
            }
            guard state.commits >= Self.commitsPerCheckpoint, !state.running else { return (false, false) }
            (state.commits, state.running) = (0, true)
            return (true, false)
        }
        if finish { _ = try? database.writeWithoutTransaction { try $0.checkpoint(.passive) } }
        guard due else { return }
        checkpoints.async { [self] in
            _ = try? checkpointer.writeWithoutTransaction { try $0.checkpoint(.passive) }
            checkpointState.withLock { ($0.running, $0.copied) = (false, true) }
        }
    }

    private static func insert(_ rows: [(Int64, String, Double, String, String?, String, Int, String?)], into database: DatabaseQueue)
        throws
    {
        try database.write { db in
            let statement = try db.cachedStatement(
                sql: "INSERT INTO journal (sequence, day, at, name, number, body, version, staff) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            for row in rows {
                try statement.execute(arguments: [row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7])
            }
        }
    }

    /// How far back appointments imported on earlier days are replayed: bookings open weeks ahead.
    public static let bookingHorizon: TimeInterval = 90 * 86_400

    /// The events of the latest hall day, from its `day.opened` on, in order, preceded by the
    /// appointments imported on earlier days (the latest day's `day.opened` drops those past).
    public func latestDay(now: Date = Date()) throws -> [JournaledEvent] {
        try database.read { db in
            let start =
                try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM journal WHERE name = 'day.opened'") ?? 0
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT sequence, body, version, staff FROM journal
                    WHERE sequence >= ? OR (name = 'appointment.booked' AND sequence < ? AND at >= ?)
                    ORDER BY sequence
                    """,
                arguments: [start, start, now.timeIntervalSince1970 - Self.bookingHorizon])
            var events: [JournaledEvent] = []
            while let row = try rows.next() {
                let sequence: Int64 = row[0]
                let body: String = row[1]
                let version: Int = row[2]
                guard version <= StoredEvent.newest else {
                    throw JournalError.unreadable(
                        sequence: sequence,
                        reason: "written in format \(version) by a newer hallqd; this one reads up to \(StoredEvent.newest)")
                }
                do {
                    events.append(
                        JournaledEvent(
                            sequence: sequence, event: try Self.decoder.decode(StoredEvent.self, from: Data(body.utf8)).event,
                            staff: row[3]))
                } catch {
                    throw JournalError.unreadable(sequence: sequence, reason: "\(error)")
                }
            }
            return events
        }
    }

    /// The events of one past hall day, in order, with who did each: what its figures are made of.
    public func events(day: String) throws -> [(event: HallEvent, staff: String?)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, body, staff FROM journal WHERE day = ? ORDER BY sequence", arguments: [day]).map {
                row in
                let sequence: Int64 = row[0]
                do {
                    return (try Self.decoder.decode(StoredEvent.self, from: Data((row[1] as String).utf8)).event, row[2])
                } catch {
                    throw JournalError.unreadable(sequence: sequence, reason: "\(error)")
                }
            }
        }
    }

    /// The bookings imported up to `horizon` before `instant` whose visit starts within a day of
    /// it, latest import of each code: what a day's figures count as booked.
    public func bookings(around instant: Date) throws -> [Appointment] {
        try database.read { db in
            var latest: [String: Appointment] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT body FROM journal WHERE name = 'appointment.booked' AND at >= ? ORDER BY sequence",
                arguments: [instant.timeIntervalSince1970 - Self.bookingHorizon])
            while let row = try rows.next() {
                guard
                    case .appointmentBooked(let appointment, _) = try Self.decoder.decode(
                        StoredEvent.self, from: Data((row[0] as String).utf8)
                    ).event,
                    abs(appointment.start.timeIntervalSince(instant)) <= 86_400 * 2
                else { continue }
                latest[appointment.code] = appointment
            }
            return Array(latest.values)
        }
    }

    /// The hall days the journal holds after `day` (all of them for nil), in order.
    public func days(after day: String?) throws -> [String] {
        try database.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT day FROM journal WHERE day > ? ORDER BY day", arguments: [day ?? ""])
        }
    }

    /// The daily figures, in the same database.
    public var rollups: Rollups { Rollups(database: database) }

    /// The hall's staff, in the same database.
    public var staff: StaffRoster { StaffRoster(database: database) }

    /// Messages owed to the outside world, in the same database.
    public var outbox: Outbox { Outbox(database: database) }

    /// Citizens' phone numbers for their tickets' reminders, sealed, in the same database.
    public var phoneBook: PhoneBook { PhoneBook(database: database) }

    /// The highest sequence written, 0 for an empty journal.
    public func lastSequence() throws -> Int64 {
        try database.read { db in try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM journal") ?? 0 }
    }

    /// Numbers issued on a day, in journal order; used by tests and `hallctl` checks.
    public func issuedNumbers(day: String) throws -> [String] {
        try database.read { db in
            try String.fetchAll(
                db, sql: "SELECT number FROM journal WHERE name = 'ticket.issued' AND day = ? ORDER BY sequence",
                arguments: [day])
        }
    }
}

public enum JournalError: Error, CustomStringConvertible, Sendable {
    case unreadable(sequence: Int64, reason: String)
    case replayFailed(sequence: Int64, reason: String)
    case unavailable(String)

    public var description: String {
        switch self {
        case .unreadable(let sequence, let reason): "journal entry \(sequence) cannot be read: \(reason)"
        case .replayFailed(let sequence, let reason): "journal entry \(sequence) does not replay: \(reason)"
        case .unavailable(let reason): "the journal cannot be written: \(reason)"
        }
    }
}
