import Foundation
import GRDB
import HallCore

/// Each past hall day's figures (`DayFigures`), kept in their own table when the day is over,
/// so that a report over years reads a few rows a day and never the journal. Derived from the
/// journal alone: `rebuild` computes them again and gives the same rows.
public struct Rollups: Sendable {
    let database: DatabaseQueue
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()
    private static let decoder = JSONDecoder()

    static func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE rollup (
                    day TEXT NOT NULL,
                    dimension TEXT NOT NULL,
                    key TEXT NOT NULL,
                    figures TEXT NOT NULL,
                    PRIMARY KEY (dimension, day, key)
                ) WITHOUT ROWID;
                -- The days rolled up, with none of their own rows (a day with no ticket) as well.
                CREATE TABLE rollup_day (day TEXT PRIMARY KEY, rolled_at REAL NOT NULL) WITHOUT ROWID;
                """)
    }

    /// Keeps a day's figures, replacing any kept before.
    public func store(_ figures: DayFigures, at instant: Date) throws {
        let rows = try figures.rows.map { key, value in
            (key.dimension.rawValue, key.value, String(decoding: try Self.encoder.encode(value), as: UTF8.self))
        }
        try database.write { db in
            try db.execute(sql: "DELETE FROM rollup WHERE day = ?", arguments: [figures.day])
            let insert = try db.cachedStatement(sql: "INSERT INTO rollup (day, dimension, key, figures) VALUES (?, ?, ?, ?)")
            for (dimension, key, text) in rows { try insert.execute(arguments: [figures.day, dimension, key, text]) }
            try db.execute(
                sql: "INSERT OR REPLACE INTO rollup_day (day, rolled_at) VALUES (?, ?)",
                arguments: [figures.day, instant.timeIntervalSince1970])
        }
    }

    /// The latest day rolled up, if any.
    public func lastDay() throws -> String? {
        try database.read { db in try String.fetchOne(db, sql: "SELECT max(day) FROM rollup_day") }
    }

    /// A day's figures as kept.
    public func day(_ day: String) throws -> DayFigures {
        try database.read { db in
            var rows: [DayFigures.Key: Figures] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT dimension, key, figures FROM rollup WHERE day = ?", arguments: [day]) {
                guard let dimension = DayFigures.Dimension(rawValue: row[0]) else { continue }
                rows[DayFigures.Key(dimension, row[1])] = try Self.decoder.decode(Figures.self, from: Data((row[2] as String).utf8))
            }
            return DayFigures(day: day, rows: rows)
        }
    }

    /// The figures of `dimension` over the days `from` to `to` (inclusive), summed per key, and
    /// per day as well when `perDay`: the day is then the first part of the key.
    public func sum(_ dimension: DayFigures.Dimension, from: String, to: String, perDay: Bool = false) throws -> [String: Figures] {
        try database.read { db in
            var sums: [String: Figures] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT day, key, figures FROM rollup WHERE dimension = ? AND day BETWEEN ? AND ?",
                arguments: [dimension.rawValue, from, to])
            while let row = try rows.next() {
                let figures = try Self.decoder.decode(Figures.self, from: Data((row[2] as String).utf8))
                let key: String = perDay ? "\(row[0] as String) \(row[1] as String)" : row[1]
                sums[key] = sums[key].map { $0 + figures } ?? figures
            }
            return sums
        }
    }
}
