import Foundation
import HallAPIModels
import HallCore

extension Rollups {
    /// What a report may be by.
    public static let dimensions = ["service", "window", "staff", "hour", "weekday", "day", "category"]
    static let weekdays = ["周一 Mon", "周二 Tue", "周三 Wed", "周四 Thu", "周五 Fri", "周六 Sat", "周日 Sun"]

    /// The figures of the days `from` to `to` by `by` (one of `dimensions`), each key named from
    /// the configuration in force and `staffNames`, in the key's order; nil for an unknown `by`.
    public func report(from: String, to: String, by: String, definition: HallDefinition, staffNames: [String: String]) throws -> Report? {
        let rows: [String: Figures]
        switch by {
        case "weekday", "day":
            let days = try sum(.hall, from: from, to: to, perDay: true)
            rows = days.reduce(into: [:]) { sums, entry in
                let day = String(entry.key.prefix(10))
                let key = by == "day" ? day : LocalTime.dayNumber(of: day).map { "\(LocalTime.weekday(ofDay: $0))" } ?? day
                sums[key] = sums[key].map { $0 + entry.value } ?? entry.value
            }
        default:
            guard let dimension = DayFigures.Dimension(rawValue: by), dimension != .hall else { return nil }
            rows = try sum(dimension, from: from, to: to)
        }
        let total = try sum(.hall, from: from, to: to)[""] ?? Figures()
        func name(_ key: String) -> String? {
            switch by {
            case "service": definition.service(key)?.nameZh
            case "window": Int(key).flatMap { number in definition.windows.first { $0.number == number }?.name }
            case "staff": staffNames[key]
            case "weekday": Int(key).flatMap { (1...7).contains($0) ? Self.weekdays[$0 - 1] : nil }
            case "category": key.isEmpty ? "未分类 Uncategorised" : nil
            default: nil
            }
        }
        let ordered = rows.keys.sorted { a, b in
            if let x = Int(a), let y = Int(b) { return x < y }
            return a < b
        }
        return Report(
            hall: definition.name, from: from, to: to, by: by,
            rows: ordered.compactMap { key in rows[key].map { ReportRow(key: key, name: name(key), $0) } },
            total: ReportRow(key: "", name: "合计 Total", total), days: try daysRolled(from: from, to: to))
    }

    /// How many days of the period were rolled up.
    func daysRolled(from: String, to: String) throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM rollup_day WHERE day BETWEEN ? AND ?", arguments: [from, to]) ?? 0
        }
    }
}
