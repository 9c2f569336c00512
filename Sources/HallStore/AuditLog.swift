import Dispatch
import Foundation
import GRDB
import HallAPIModels
import Synchronization

/// Every privileged request, kept in a database of its own (`audit.sqlite` beside the journal)
/// so that auditing never waits in the journal's queue: a request's entry is handed to a
/// writer that stores what gathered in one transaction, and the request goes on.
public final class AuditLog: Sendable {
    private let database: DatabaseQueue
    private let waiting = Mutex<(entries: [AuditEntry], flushing: Bool)>(([], false))
    private let writer = DispatchQueue(label: "hall-audit-writer")

    public init(path: String) throws {
        database = try DatabaseQueue(path: path)
        try database.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: audit") { db in
            try db.execute(
                sql: """
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY,
                        at REAL NOT NULL,
                        actor TEXT NOT NULL,
                        window INTEGER,
                        action TEXT NOT NULL,
                        client TEXT NOT NULL,
                        status INTEGER NOT NULL,
                        outcome TEXT NOT NULL
                    );
                    CREATE INDEX audit_at ON audit(at);
                    """)
        }
        try migrator.migrate(database)
    }

    /// Keeps an entry; it is on the disk a moment later.
    public func record(_ entry: AuditEntry) {
        let start = waiting.withLock { state in
            state.entries.append(entry)
            defer { state.flushing = true }
            return !state.flushing
        }
        if start { writer.async { [self] in flush() } }
    }

    private func flush() {
        while true {
            let batch = waiting.withLock { state in
                defer { state.entries = [] }
                if state.entries.isEmpty { state.flushing = false }
                return state.entries
            }
            guard !batch.isEmpty else { return }
            try? database.write { db in
                for entry in batch {
                    try db.execute(
                        sql: "INSERT INTO audit (at, actor, window, action, client, status, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        arguments: [
                            entry.at.timeIntervalSince1970, entry.actor, entry.window, entry.action, entry.client, entry.status,
                            entry.outcome,
                        ])
                }
            }
        }
    }

    /// Waits until what was recorded so far is stored.
    public func settle() { writer.sync {} }

    /// The entries between two times, oldest first, for one person or window if asked; at most `limit`.
    public func entries(from: Date, to: Date, actor: String? = nil, window: Int? = nil, limit: Int = 5000) throws -> [AuditEntry] {
        settle()
        return try database.read { db in
            var sql = "SELECT * FROM audit WHERE at >= ? AND at < ?"
            var arguments: StatementArguments = [from.timeIntervalSince1970, to.timeIntervalSince1970]
            if let actor {
                sql += " AND actor = ?"
                arguments += [actor]
            }
            if let window {
                sql += " AND window = ?"
                arguments += [window]
            }
            sql += " ORDER BY id LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                AuditEntry(
                    at: Date(timeIntervalSince1970: row["at"]), actor: row["actor"], window: row["window"], action: row["action"],
                    client: row["client"], status: row["status"], outcome: row["outcome"])
            }
        }
    }
}
