import Foundation
import GRDB

/// Messages the hall owes the outside world (text reminders now; alerts and the uplink later),
/// kept in the journal's database until delivered, so that an outage or a `kill -9` delays them
/// and loses none. Each message has a key, and a key is taken once: enqueuing the same
/// reminder again after a restart does nothing, and a delivered message is never sent again.
///
/// A message's personal part (a phone number, sealed by the caller) is kept apart from its body
/// and blanked as soon as the message is delivered or given up.
public struct Outbox: Sendable {
    let database: DatabaseQueue

    public struct Message: Sendable, Equatable {
        public var id: Int64
        /// Unique for ever, such as `sms:2026-12-03:A012:called`; a gateway may use it to refuse a repeat.
        public var key: String
        public var channel: String
        /// What to send, as the channel's JSON: nothing personal.
        public var body: String
        /// The personal part, sealed: blanked once the message is done with.
        public var sealed: Data?
        public var createdAt: Date
        public var attempts: Int
    }

    /// What waits, for metrics and diagnostics.
    public struct Backlog: Sendable, Equatable {
        public var pending: Int
        public var oldest: Date?
        public var sent: Int
        public var givenUp: Int
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case unavailable(String)

        public var description: String {
            switch self {
            case .unavailable(let reason): "the outbox cannot be used: \(reason)"
            }
        }
    }

    static func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    channel TEXT NOT NULL,
                    body TEXT NOT NULL,
                    sealed BLOB,
                    created_at REAL NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    sent_at REAL,
                    given_up_at REAL,
                    last_error TEXT
                );
                CREATE INDEX outbox_due ON outbox(channel, next_attempt_at) WHERE sent_at IS NULL AND given_up_at IS NULL;
                """)
    }

    /// Adds a message unless its key was taken before; true when it was added.
    @discardableResult
    public func enqueue(key: String, channel: String, body: String, sealed: Data?, at instant: Date) throws(Failure) -> Bool {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO outbox (key, channel, body, sealed, created_at, next_attempt_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [key, channel, body, sealed, instant.timeIntervalSince1970, instant.timeIntervalSince1970])
            return db.changesCount > 0
        }
    }

    /// Messages of a channel due by `instant`, oldest first.
    public func due(channel: String, at instant: Date, limit: Int = 50) throws(Failure) -> [Message] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, key, channel, body, sealed, created_at, attempts FROM outbox
                    WHERE channel = ? AND sent_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= ?
                    ORDER BY id LIMIT ?
                    """,
                arguments: [channel, instant.timeIntervalSince1970, limit]
            ).map { row in
                Message(
                    id: row[0], key: row[1], channel: row[2], body: row[3], sealed: row[4],
                    createdAt: Date(timeIntervalSince1970: row[5]), attempts: row[6])
            }
        }
    }

    /// When the next message of a channel falls due, if any waits.
    public func nextDue(channel: String) throws(Failure) -> Date? {
        try read { db in
            try Double.fetchOne(
                db, sql: "SELECT min(next_attempt_at) FROM outbox WHERE channel = ? AND sent_at IS NULL AND given_up_at IS NULL",
                arguments: [channel]
            ).map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Delivered: never sent again, and its personal part blanked.
    public func delivered(_ id: Int64, at instant: Date) throws(Failure) {
        try write { db in
            try db.execute(
                sql: "UPDATE outbox SET sent_at = ?, sealed = NULL, attempts = attempts + 1, last_error = NULL WHERE id = ?",
                arguments: [instant.timeIntervalSince1970, id])
        }
    }

    /// Not delivered this time: tried again at `retryAt`.
    public func failed(_ id: Int64, reason: String, retryAt: Date) throws(Failure) {
        try write { db in
            try db.execute(
                sql: "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
                arguments: [retryAt.timeIntervalSince1970, reason, id])
        }
    }

    /// Never to be delivered (too late to matter, or refused for good): kept with the reason,
    /// its personal part blanked.
    public func giveUp(_ id: Int64, reason: String, at instant: Date) throws(Failure) {
        try write { db in
            try db.execute(
                sql: "UPDATE outbox SET given_up_at = ?, sealed = NULL, last_error = ? WHERE id = ?",
                arguments: [instant.timeIntervalSince1970, reason, id])
        }
    }

    public func backlog(channel: String) throws(Failure) -> Backlog {
        try read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) FILTER (WHERE sent_at IS NULL AND given_up_at IS NULL),
                           min(created_at) FILTER (WHERE sent_at IS NULL AND given_up_at IS NULL),
                           count(sent_at), count(given_up_at)
                    FROM outbox WHERE channel = ?
                    """, arguments: [channel])
            return Backlog(
                pending: row?[0] ?? 0, oldest: (row?[1] as Double?).map(Date.init(timeIntervalSince1970:)), sent: row?[2] ?? 0,
                givenUp: row?[3] ?? 0)
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(Failure) -> T {
        do { return try database.read(body) } catch { throw .unavailable("\(error)") }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(Failure) -> T {
        do { return try database.write(body) } catch { throw .unavailable("\(error)") }
    }
}
