import Foundation
import HallConfig
import HallCore
import Testing

@Suite("calendar.yaml")
struct CalendarFileTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../examples/calendar-2026.yaml"
    )
    .standardized.path

    func error(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("calendar-\(UUID().uuidString.prefix(8)).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try CalendarFile.load(path: path)
            return "no error"
        } catch {
            return error.description.replacingOccurrences(of: path, with: "calendar.yaml")
        }
    }

    @Test("the shipped 2026 calendar: 33 days off in seven holidays, six weekend days worked")
    func example() throws {
        let calendar = try CalendarFile.load(path: Self.example)
        #expect(calendar.holidays.count == 33)
        #expect(Set(calendar.holidays.values) == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"])
        #expect(calendar.workdays.count == 6)
        #expect(calendar.holidays[LocalTime.dayNumber(of: "2026-02-15")!] == "春节")
        #expect(calendar.workdays[LocalTime.dayNumber(of: "2026-02-28")!] == "春节调休")
    }

    @Test(
        "mistakes are refused with their line",
        arguments: [
            ("holidays:\n  - {date: 2026-10-32, name: x}\n", "calendar.yaml:2:12: date must be a date such as 2026-10-01"),
            (
                "holidays:\n  - {from: 2026-10-07, to: 2026-10-01, name: x}\n",
                "calendar.yaml:2:28: to must be on or after from, within 60 days"
            ),
            ("holidays:\n  - {name: x}\n", "calendar.yaml:2:5: each entry needs a date, or from and to"),
            (
                "holidays:\n  - {date: 2026-10-01, name: 国庆节}\nworkdays:\n  - {date: 2026-10-01, name: x}\n",
                "calendar.yaml:4:5: 2026-10-01 is both a holiday (国庆节) and a day worked"
            ),
        ])
    func mistakes(text: String, message: String) throws {
        #expect(try error(text) == message)
    }
}
