import Foundation
import GRDB
import HallCore

/// The hall's staff (工作人员), kept in the journal's database and not in `hall.yaml`, so that a
/// reload cannot drop anyone. A PIN is kept only as its hash, which this store treats as opaque
/// text; wrong PINs are counted here, so that a lock survives a restart.
public struct StaffRoster: Sendable {
    let database: DatabaseQueue

    /// A member with what signing in needs.
    public struct Entry: Sendable, Equatable {
        public var member: StaffMember
        public var pinHash: String
        public var failures: Int
        public var lockedUntil: Date?
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case exists(String)
        case unknown(String)
        case unavailable(String)

        public var description: String {
            switch self {
            case .exists(let id): "工号 \(id) 已存在 / staff \(id) exists already"
            case .unknown(let id): "没有工号 \(id) / no staff \(id)"
            case .unavailable(let reason): "the staff table cannot be used: \(reason)"
            }
        }
    }

    static func createTable(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE staff (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    duties TEXT NOT NULL,
                    services TEXT NOT NULL,
                    pin_hash TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    failures INTEGER NOT NULL DEFAULT 0,
                    locked_until REAL
                )
                """)
    }

    public func add(_ member: StaffMember, pinHash: String) throws(Failure) {
        try write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM staff WHERE id = ?", arguments: [member.id]) == nil else {
                throw Failure.exists(member.id)
            }
            try db.execute(
                sql: "INSERT INTO staff (id, name, duties, services, pin_hash, disabled) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    member.id, member.name, member.duties.map(\.rawValue).joined(separator: ","), member.services.joined(separator: ","),
                    pinHash, member.disabled,
                ])
        }
    }

    /// Everyone, by 工号, without their hashes.
    public func all() throws(Failure) -> [StaffMember] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM staff ORDER BY id").map(Self.member) }
    }

    public func entry(_ id: String) throws(Failure) -> Entry? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM staff WHERE id = ?", arguments: [id]).map { row in
                Entry(
                    member: Self.member(row), pinHash: row["pin_hash"], failures: row["failures"],
                    lockedUntil: (row["locked_until"] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    public func setPIN(_ id: String, hash: String) throws(Failure) {
        try update(id, "UPDATE staff SET pin_hash = ?, failures = 0, locked_until = NULL WHERE id = ?", [hash, id])
    }

    public func setDisabled(_ id: String, _ disabled: Bool) throws(Failure) {
        try update(id, "UPDATE staff SET disabled = ? WHERE id = ?", [disabled, id])
    }

    /// Counts a wrong PIN; at the `limit`-th in a row the 工号 is locked until `until`, which is
    /// returned.
    public func noteWrongPIN(_ id: String, limit: Int, until: Date) throws(Failure) -> Date? {
        try write { db in
            try db.execute(sql: "UPDATE staff SET failures = failures + 1 WHERE id = ?", arguments: [id])
            let failures = try Int.fetchOne(db, sql: "SELECT failures FROM staff WHERE id = ?", arguments: [id]) ?? 0
            guard failures >= limit else { return nil }
            try db.execute(
                sql: "UPDATE staff SET failures = 0, locked_until = ? WHERE id = ?", arguments: [until.timeIntervalSince1970, id])
            return until
        }
    }

    public func noteSignedIn(_ id: String) throws(Failure) {
        try update(id, "UPDATE staff SET failures = 0, locked_until = NULL WHERE id = ?", [id])
    }

    private static func member(_ row: Row) -> StaffMember {
        let duties: String = row["duties"]
        let services: String = row["services"]
        return StaffMember(
            id: row["id"], name: row["name"], duties: duties.split(separator: ",").compactMap { StaffMember.Duty(rawValue: String($0)) },
            services: services.split(separator: ",").map(String.init), disabled: row["disabled"])
    }

    private func update(_ id: String, _ sql: String, _ arguments: StatementArguments) throws(Failure) {
        try write { db in
            try db.execute(sql: sql, arguments: arguments)
            if db.changesCount == 0 { throw Failure.unknown(id) }
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(Failure) -> T {
        do {
            return try database.read(body)
        } catch {
            throw .unavailable("\(error)")
        }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(Failure) -> T {
        do {
            return try database.write(body)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .unavailable("\(error)")
        }
    }
}
