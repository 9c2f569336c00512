import HallCore
import HallYAML

/// Reads `calendar.yaml`: the public holidays and the weekend days worked instead (调休上班), as
/// the State Council announces them each year.
///
///     holidays:
///       - {from: 2026-10-01, to: 2026-10-07, name: 国庆节}
///     workdays:
///       - {date: 2026-10-10, name: 国庆节调休}
public enum CalendarFile {
    public static func load(path: String) throws(ConfigurationError) -> HallCalendar {
        var top = try ConfigurationNode.load(path: path, what: "the calendar")
        var calendar = HallCalendar()
        for var entry in try top.list("holidays") {
            let (days, name) = try span(&entry)
            for day in days { calendar.holidays[day] = name }
        }
        for var entry in try top.list("workdays") {
            let (days, name) = try span(&entry)
            for day in days {
                if let holiday = calendar.holidays[day] {
                    throw entry.error("\(LocalTime.dateString(dayNumber: day)) is both a holiday (\(holiday)) and a day worked")
                }
                calendar.workdays[day] = name
            }
        }
        try top.finish()
        return calendar
    }

    /// One entry's days (`date`, or `from` and `to`) and name.
    private static func span(_ entry: inout ConfigurationNode) throws(ConfigurationError) -> (ClosedRange<Int>, String) {
        let name = try entry.string("name")
        func day(_ key: String) throws(ConfigurationError) -> Int? {
            guard let text = try entry.optionalString(key) else { return nil }
            guard let day = LocalTime.dayNumber(of: text) else { throw entry.error(at: key, "\(key) must be a date such as 2026-10-01") }
            return day
        }
        let days: ClosedRange<Int>
        if let date = try day("date") {
            days = date...date
        } else if let from = try day("from"), let to = try day("to") {
            guard from <= to, to - from < 60 else { throw entry.error(at: "to", "to must be on or after from, within 60 days") }
            days = from...to
        } else {
            throw entry.error("each entry needs a date, or from and to")
        }
        try entry.finish()
        return (days, name)
    }
}
