import Foundation

/// When a service takes tickets: time ranges within a day, on some days of the week.
public struct OpeningHours: Sendable, Equatable, Codable, CustomStringConvertible {
    /// A half-open range of minutes after local midnight, `510..<720` for 08:30-12:00.
    public struct Period: Sendable, Equatable, Codable {
        public var start: Int
        public var end: Int
        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }
    }

    public var periods: [Period]
    /// ISO weekdays, 1 = Monday ... 7 = Sunday.
    public var weekdays: Set<Int>

    public static let always = OpeningHours(periods: [Period(start: 0, end: 1440)], weekdays: Set(1...7))

    public init(periods: [Period], weekdays: Set<Int> = Set(1...7)) {
        self.periods = periods
        self.weekdays = weekdays
    }

    /// Whether it is open at a local time, the hall's holidays and days worked taken into account.
    public func isOpen(at time: LocalTime, calendar: HallCalendar = .none) -> Bool {
        calendar.opens(weekdays, on: time) && periods.contains { $0.start <= time.minuteOfDay && time.minuteOfDay < $0.end }
    }

    /// `08:30-12:00, 13:30-17:30`
    public var description: String {
        periods.map { "\(Self.clock($0.start))-\(Self.clock($0.end))" }.joined(separator: ", ")
    }

    /// Parses `08:30-12:00, 13:30-17:30`; returns nil for anything else.
    public static func parse(_ text: String) -> [Period]? {
        var periods: [Period] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
            guard bounds.count == 2, let start = minutes(bounds[0]), let end = minutes(bounds[1]), start < end
            else { return nil }
            periods.append(Period(start: start, end: end))
        }
        return periods.isEmpty ? nil : periods
    }

    private static func minutes(_ clock: String) -> Int? {
        let parts = clock.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...24).contains(hour), (0..<60).contains(minute), hour * 60 + minute <= 1440
        else { return nil }
        return hour * 60 + minute
    }

    private static func clock(_ minutes: Int) -> String {
        let hour = minutes / 60
        let minute = minutes % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }
}
