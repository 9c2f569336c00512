import ArgumentParser
import Foundation
import HallConfig
import HallCore

/// `hallctl calendar check`: the coming days as the hall's calendar makes them, read from the
/// configuration file (hallqd need not run).
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "The hall calendar: holidays and the weekend days worked (调休).", subcommands: [Check.self],
        defaultSubcommand: Check.self)

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each of the next days: working or not, and which services open.")
        @OptionGroup var daemon: DaemonConnection
        @Option(help: "How many days to show.") var days = 14
        @Option(help: "The first day (YYYY-MM-DD; default today in the hall's time zone).") var from: String?

        func run() throws {
            try Hallctl.guarded {
                let hall = try daemon.loadConfiguration().definition
                let zone = hall.policy.timeZone
                let first: Int
                if let from {
                    guard let day = LocalTime.dayNumber(of: from) else {
                        throw CLIError("not a date: \(from) (expected such as 2026-10-01)")
                    }
                    first = day
                } else {
                    first = LocalTime(Date(), in: zone).dayNumber
                }
                let names = ["一", "二", "三", "四", "五", "六", "日"]
                var table = Table(header: ["日期 DATE", "星期", "DAY", "开放事项 OPEN"])
                for day in first..<(first + days) {
                    // Noon of the day: what the day's services do, whatever their hours.
                    let noon = LocalTime(
                        Date(timeIntervalSince1970: Double(day) * 86_400 + 12 * 3600 - Double(zone.secondsFromGMT())), in: zone)
                    let kind =
                        hall.calendar.holidays[day].map { "假期 \($0)" } ?? hall.calendar.workdays[day].map { "调休上班 \($0)" }
                        ?? (noon.weekday <= 5 ? "工作日 working day" : "周末 weekend")
                    let open = hall.services.filter { hall.calendar.opens($0.hours.weekdays, on: noon) }.count
                    table.rows.append([
                        LocalTime.dateString(dayNumber: day), "周" + names[noon.weekday - 1], kind, "\(open)/\(hall.services.count)",
                    ])
                }
                print(table.text, terminator: "")
            }
        }
    }
}
