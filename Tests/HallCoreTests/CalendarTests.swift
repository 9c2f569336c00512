import Foundation
import HallCore
import Testing

@Suite("The hall calendar: holidays, days worked, working days")
struct CalendarTests {
    static func day(_ text: String) -> Int { LocalTime.dayNumber(of: text)! }
    /// 2026's National Day: 10-01 to 10-07 off, Saturday 10-10 worked.
    static let calendar = HallCalendar(
        holidays: Dictionary(uniqueKeysWithValues: (day("2026-10-01")...day("2026-10-07")).map { ($0, "国庆节") }),
        workdays: [day("2026-10-10"): "国庆节调休"])

    /// Noon, China time, of a date.
    static func noon(_ text: String) -> Date { Date(timeIntervalSince1970: Double(day(text)) * 86_400 + 4 * 3600) }

    static func hall() -> Hall {
        var definition = Fixtures.definition(hours: OpeningHours(periods: [.init(start: 0, end: 1440)], weekdays: Set(1...5)))
        definition.calendar = calendar
        return Hall(definition: definition)
    }

    @Test("dates and day numbers go both ways; impossible dates are refused")
    func dayNumbers() {
        #expect(LocalTime.dayNumber(of: "1970-01-01") == 0)
        #expect(LocalTime.dayNumber(of: "2026-12-03") == 20_790)
        for number in [0, 11_016, 20_790, 20_878, 36_524] {
            #expect(LocalTime.dayNumber(of: LocalTime.dateString(dayNumber: number)) == number)
        }
        for bad in ["2026-02-30", "2026-13-01", "2026-1-01", "20261001", "", "2026-10-01x"] {
            #expect(LocalTime.dayNumber(of: bad) == nil, "\(bad)")
        }
    }

    @Test("a holiday closes a working-week service, with the holiday's name; the Saturday worked opens it; an ordinary Saturday does not")
    func holidaysAndDaysWorked() throws {
        var hall = Self.hall()
        let refused = hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk), at: Self.noon("2026-10-02")).refusal
        #expect(refused == .holiday(service: "社保", name: "国庆节"))
        #expect(refused?.description.contains("国庆节") == true)
        // The hall's clock never runs backwards: the days in order.
        func issue(_ day: String) -> HallError? {
            hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk), at: Self.noon(day)).refusal
        }
        #expect(issue("2026-10-09") == nil)
        #expect(issue("2026-10-10") == nil)
        #expect(issue("2026-10-17")?.code == "service_closed")
    }

    @Test("N working days later skips weekends and holidays and counts the days worked")
    func workingDays() {
        let calendar = Self.calendar
        // From Tuesday 09-29: 09-30 is one, then the holiday, then 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, worked).
        #expect(calendar.addingWorkingDays(1, to: Self.day("2026-09-29")) == Self.day("2026-09-30"))
        #expect(calendar.addingWorkingDays(4, to: Self.day("2026-09-29")) == Self.day("2026-10-10"))
        #expect(calendar.addingWorkingDays(5, to: Self.day("2026-09-29")) == Self.day("2026-10-12"))
        #expect(HallCalendar.none.addingWorkingDays(5, to: Self.day("2026-12-03")) == Self.day("2026-12-10"))
    }
}
