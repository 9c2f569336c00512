import Foundation
import GRDB
import HallCore

/// The phone numbers citizens gave for their tickets' reminders, sealed by the caller, kept
/// only while their tickets live: `erase` as a ticket ends, and whatever another day left.
public struct PhoneBook: Sendable {
    let database: DatabaseQueue

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case unavailable(String)

        public var description: String {
            switch self {
            case .unavailable(let reason): "the phone numbers cannot be used: \(reason)"
            }
        }
    }

    static func createTable(_ db: Database) throws {
        try db.execute(
            sql: "CREATE TABLE ticket_phones (day TEXT NOT NULL, number TEXT NOT NULL, sealed BLOB NOT NULL, PRIMARY KEY (day, number))")
    }

    public func save(day: String, number: TicketNumber, sealed: Data) throws(Failure) {
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO ticket_phones (day, number, sealed) VALUES (?, ?, ?)",
                arguments: [day, number.description, sealed])
        }
    }

    /// The sealed numbers of a day's tickets.
    public func entries(day: String) throws(Failure) -> [TicketNumber: Data] {
        do {
            return try database.read { db in
                var entries: [TicketNumber: Data] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT number, sealed FROM ticket_phones WHERE day = ?", arguments: [day]) {
                    if let number = TicketNumber(row[0]) { entries[number] = row[1] }
                }
                return entries
            }
        } catch {
            throw .unavailable("\(error)")
        }
    }

    public func erase(day: String, number: TicketNumber) throws(Failure) {
        try write { db in
            try db.execute(sql: "DELETE FROM ticket_phones WHERE day = ? AND number = ?", arguments: [day, number.description])
        }
    }

    /// Erases every number not of `day`: their tickets ended with their day.
    public func eraseAll(but day: String) throws(Failure) {
        try write { db in try db.execute(sql: "DELETE FROM ticket_phones WHERE day <> ?", arguments: [day]) }
    }

    private func write(_ body: (Database) throws -> Void) throws(Failure) {
        do { try database.write(body) } catch { throw .unavailable("\(error)") }
    }
}
