/// The hall's calendar (`calendar.yaml`): public holidays, when services are closed whatever
/// their weekdays, and the weekend days worked in exchange (调休上班), when the working week's
/// services open. It also says what "N working days later" is, for deadlines.
public struct HallCalendar: Sendable, Equatable {
    /// Local day numbers (days since 1970-01-01) to the holiday's name (国庆节).
    public var holidays: [Int: String]
    /// Local day numbers of weekend days worked, to their name (国庆节调休).
    public var workdays: [Int: String]

    public static let none = HallCalendar()

    public init(holidays: [Int: String] = [:], workdays: [Int: String] = [:]) {
        self.holidays = holidays
        self.workdays = workdays
    }

    /// Whether a service open on `weekdays` (ISO, 1 = Monday) is open on this local day.
    public func opens(_ weekdays: Set<Int>, on time: LocalTime) -> Bool {
        if holidays[time.dayNumber] != nil { return false }
        if weekdays.contains(time.weekday) { return true }
        return workdays[time.dayNumber] != nil && !weekdays.isDisjoint(with: 1...5)
    }

    /// Whether a local day is a working day: Monday to Friday but a holiday, or a day worked.
    public func isWorkingDay(_ dayNumber: Int) -> Bool {
        if holidays[dayNumber] != nil { return false }
        if workdays[dayNumber] != nil { return true }
        return LocalTime.weekday(ofDay: dayNumber) <= 5
    }

    /// The working day `count` working days after a local day (the day itself not counted).
    public func addingWorkingDays(_ count: Int, to dayNumber: Int) -> Int {
        var day = dayNumber
        var left = count
        while left > 0 {
            day += 1
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }
}
