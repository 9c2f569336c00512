import Foundation

/// Wall-clock facts about an instant in the hall's time zone, computed with plain arithmetic
/// because they are needed on every ticket request.
public struct LocalTime: Sendable, Equatable {
    /// Days since 1970-01-01 in local time.
    public var dayNumber: Int
    public var minuteOfDay: Int
    /// ISO weekday, 1 = Monday ... 7 = Sunday.
    public var weekday: Int

    public init(_ instant: Date, in timeZone: TimeZone) {
        let local = Int((instant.timeIntervalSince1970).rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        dayNumber = Int((Double(local) / 86_400).rounded(.down))
        minuteOfDay = (local - dayNumber * 86_400) / 60
        weekday = Self.weekday(ofDay: dayNumber)
    }

    /// The ISO weekday of a local day number: 1970-01-01 was a Thursday (ISO weekday 4).
    public static func weekday(ofDay dayNumber: Int) -> Int { ((dayNumber % 7) + 7 + 3) % 7 + 1 }

    /// `08:30`.
    public var clockString: String {
        let hour = minuteOfDay / 60
        let minute = minuteOfDay % 60
        return (hour < 10 ? "0\(hour)" : "\(hour)") + (minute < 10 ? ":0\(minute)" : ":\(minute)")
    }

    /// The local day number of `YYYY-MM-DD` (Howard Hinnant's days-from-civil); nil for
    /// anything that is not a date.
    public static func dayNumber(of text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let number = era * 146_097 + dayOfEra - 719_468
        // 2026-02-30 is not a date: it would come back as March.
        return dateString(dayNumber: number) == text ? number : nil
    }

    /// `YYYY-MM-DD` for a local day number (Howard Hinnant's civil-from-days).
    public static func dateString(dayNumber: Int) -> String {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(pad(month))-\(pad(day))"
    }
}
