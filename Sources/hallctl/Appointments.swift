import ArgumentParser
import Foundation
import HallAPIModels

/// Bookings from the online platform (预约).
struct Appointments: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bookings from the online platform.", subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import bookings from the platform's CSV export.",
            discussion: """
                The first row names the columns: code, service, start, end, and optionally masked_name, masked_id
                and id_hash (HMAC-SHA256 of the ID number under the hall's secret). Times are ISO 8601 with an offset
                or "2026-11-30 09:00" in the hall's time zone. Unchanged bookings are skipped; one bad row refuses
                the whole file, and "appointment N" in an error is the N-th row after the header.
                """)
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The CSV file.") var file: String

        static let required = ["code", "service", "start", "end"]
        static let columns = Set(required + ["masked_name", "masked_id", "id_hash"])

        func run() throws {
            try Hallctl.guarded {
                let text: String
                do {
                    text = try String(contentsOfFile: file, encoding: .utf8)
                } catch {
                    throw CLIError("cannot read \(file) as UTF-8 text: \(error.localizedDescription)")
                }
                let table: CSVTable
                do {
                    table = try CSVTable(text)
                } catch {
                    throw CLIError("\(file): \(error)")
                }
                let unknown = table.header.filter { !Self.columns.contains($0) }
                guard unknown.isEmpty else {
                    throw CLIError(
                        "\(file): unknown column \(unknown.joined(separator: ", ")) (columns: \(Self.columns.sorted().joined(separator: ", ")))"
                    )
                }
                let missing = Self.required.filter { !table.header.contains($0) }
                guard missing.isEmpty else { throw CLIError("\(file): no column \(missing.joined(separator: ", "))") }
                let bookings = table.objects.map { row in
                    AppointmentRequest(
                        code: row["code"] ?? "", service: row["service"] ?? "", start: row["start"] ?? "", end: row["end"] ?? "",
                        maskedName: row["masked_name"], maskedId: row["masked_id"], idHash: row["id_hash"])
                }
                daemon.show(try daemon.call { try $0.importAppointments(bookings) }) { answer in
                    "imported \(answer.imported), unchanged \(answer.unchanged) of \(answer.received) bookings\n"
                }
            }
        }
    }
}
