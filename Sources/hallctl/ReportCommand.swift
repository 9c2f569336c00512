import ArgumentParser
import Foundation
import HallAPIModels
import HallCore

/// `hallctl report`: a period's figures from the daemon's daily rollups, as a table in the
/// terminal or a CSV file for the spreadsheet a manager hands in.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A period's figures by service, window, staff, hour, weekday, day or category (admin, manager, auditor).")
    @OptionGroup var daemon: DaemonConnection
    @Option(help: "A month (YYYY-MM), instead of --from and --to.") var month: String?
    @Option(help: "The first day (YYYY-MM-DD).") var from: String?
    @Option(help: "The last day (YYYY-MM-DD).") var to: String?
    @Option(help: "service, window, staff, hour, weekday, day or category.") var by = "service"
    @Option(help: "table, or csv (UTF-8 with a byte order mark, for spreadsheets).") var format = "table"
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        try Hallctl.guarded {
            let (first, last) = try period()
            guard ["table", "csv"].contains(format) else { throw CLIError("--format is table or csv, not \(format)") }
            let report = try daemon.call { try $0.report(from: first, to: last, by: by) }
            if daemon.json {
                daemon.show(report) { _ in "" }
                return
            }
            let text = format == "csv" ? "\u{FEFF}" + Self.csv(report) : Self.table(report)
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                Hallctl.note("\(output): \(report.rows.count) rows, \(report.days) days, \(report.hall) \(first) – \(last)")
            } else {
                print(text, terminator: "")
            }
        }
    }

    private func period() throws -> (String, String) {
        if let month {
            let parts = month.split(separator: "-")
            guard parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]), (1...12).contains(number),
                let start = LocalTime.dayNumber(of: String(format: "%04d-%02d-01", year, number)),
                let next = LocalTime.dayNumber(
                    of: number == 12 ? String(format: "%04d-01-01", year + 1) : String(format: "%04d-%02d-01", year, number + 1))
            else { throw CLIError("--month is a month such as 2026-11, not \(month)") }
            return (LocalTime.dateString(dayNumber: start), LocalTime.dateString(dayNumber: next - 1))
        }
        guard let from, let to else { throw CLIError("give --month, or --from and --to") }
        return (from, to)
    }

    /// Every measure, one column each, the total last.
    static let columns: [(header: String, value: @Sendable (ReportRow) -> String)] = [
        ("项目 KEY", { $0.key.isEmpty ? "合计" : $0.key }), ("名称 NAME", { $0.name ?? "" }),
        ("取号 ISSUED", { "\($0.issued)" }), ("办结 SERVED", { "\($0.served)" }), ("过号 NO-SHOWS", { "\($0.noShows)" }),
        ("弃号率 NO-SHOW RATE", { percent($0.noShowRate) }), ("取消 CANCELLED", { "\($0.cancelled)" }),
        ("转办 TRANSFERRED", { "\($0.transferred)" }), ("重呼 RECALLS", { "\($0.recalls)" }),
        ("平均等候 MEAN WAIT", { minutes($0.meanWaitMinutes) }), ("P90 等候 P90 WAIT", { minutes($0.p90WaitMinutes) }),
        ("平均办理 MEAN SERVICE", { minutes($0.meanServiceMinutes) }), ("P90 办理 P90 SERVICE", { minutes($0.p90ServiceMinutes) }),
        ("超时等候 OVER LIMIT", { percent($0.overLimitShare) }), ("超时办理 OVER EXPECTED", { "\($0.servicesOverExpected)" }),
        ("非常满意 5", { "\($0.ratings["5"] ?? 0)" }), ("满意 4", { "\($0.ratings["4"] ?? 0)" }), ("基本满意 3", { "\($0.ratings["3"] ?? 0)" }),
        ("不满意 2", { "\($0.ratings["2"] ?? 0)" }), ("非常不满意 1", { "\($0.ratings["1"] ?? 0)" }),
        ("评价率 RATED", { percent($0.ratingRate) }), ("满意率 SATISFIED", { percent($0.satisfaction) }),
        ("差评率 POOR", { percent($0.poorRate) }),
        ("暂停分钟 PAUSED MIN", { minutes($0.pauseMinutes.values.reduce(0, +)) }),
        ("预约 BOOKED", { "\($0.booked)" }), ("签到 CHECKED IN", { "\($0.checkedIn)" }), ("爽约 MISSED", { "\($0.missed)" }),
        ("事项 MATTERS", { $0.outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ") }),
    ]

    /// The terminal's view: the measures a manager looks at first.
    static func table(_ report: Report) -> String {
        let shown = [0, 1, 2, 3, 5, 9, 10, 11, 20, 21, 22]
        var table = Table(header: shown.map { columns[$0].header })
        for row in report.rows + [report.total] { table.rows.append(shown.map { columns[$0].value(row) }) }
        return "\(report.hall) \(report.from) – \(report.to) · \(report.days) 天 days\n" + table.text
    }

    static func csv(_ report: Report) -> String {
        func quoted(_ cell: String) -> String {
            cell.contains(where: { ",\"\n".contains($0) }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        return ([columns.map(\.header)] + (report.rows + [report.total]).map { row in columns.map { $0.value(row) } })
            .map { $0.map(quoted).joined(separator: ",") + "\r\n" }.joined()
    }

    static func percent(_ share: Double?) -> String { share.map { String(format: "%.1f%%", $0 * 100) } ?? "-" }
    static func minutes(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }
}
