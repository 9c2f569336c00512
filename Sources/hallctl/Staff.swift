import ArgumentParser
import Foundation
import HallAPIModels
import HallCore

#if canImport(Glibc)
import Glibc
#endif

/// `hallctl staff`: the hall's staff (工作人员), kept by the daemon in its database.
struct Staff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The hall's staff: add, list, disable, set a PIN.", subcommands: [List.self, Add.self, Disable.self, SetPIN.self],
        defaultSubcommand: List.self)

    /// A PIN read without echo from the terminal, or as one line from standard input: never
    /// from the command line, where `ps` would show it.
    static func readPIN() throws -> String {
        let pin: String?
        if isatty(STDIN_FILENO) != 0 {
            pin = getpass("PIN / 密码: ").map { String(cString: $0) }
        } else {
            pin = readLine(strippingNewline: true)
        }
        guard let pin, !pin.isEmpty else { throw CLIError("no PIN given (type it, or pipe it on standard input)") }
        return pin
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Everyone on the roster.")
        @OptionGroup var daemon: DaemonConnection

        func run() throws {
            try Hallctl.guarded {
                daemon.show(try daemon.call { try $0.staff() }) { staff in
                    var table = Table(header: ["工号 ID", "姓名 NAME", "DUTIES", "SERVICES", "STATE"])
                    for member in staff {
                        table.rows.append([
                            member.id, member.name, member.duties.map(\.rawValue).joined(separator: ","),
                            member.services.isEmpty ? "all" : member.services.joined(separator: ","),
                            member.disabled ? "disabled" : "active",
                        ])
                    }
                    return table.text
                }
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a member of staff; the PIN is asked for (or read from standard input).")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "工号, such as 1001.") var id: String
        @Option(help: "The person's name.") var name: String
        @Option(help: "Comma-separated: window, manager, technician, auditor.") var duties = "window"
        @Option(help: "Comma-separated services the person may serve (default: all).") var services: String?

        func run() throws {
            try Hallctl.guarded {
                let duties = try duties.split(separator: ",").map { word in
                    guard let duty = StaffMember.Duty(rawValue: String(word)) else {
                        throw CLIError("no duty \(word) (duties: \(StaffMember.Duty.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    return duty
                }
                let request = NewStaffRequest(
                    id: id, name: name, duties: duties, services: services.map { $0.split(separator: ",").map(String.init) },
                    pin: try Staff.readPIN())
                daemon.show(try daemon.call { try $0.addStaff(request) }) { "added \($0.id) \($0.name)\n" }
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a member of staff: their sessions end at once.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "工号.") var id: String

        func run() throws {
            try Hallctl.guarded { daemon.show(try daemon.call { try $0.disableStaff(id) }) { "disabled \($0.id) \($0.name)\n" } }
        }
    }

    struct SetPIN: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-pin", abstract: "Give a member of staff a new PIN (asked for, or read from standard input).")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "工号.") var id: String

        func run() throws {
            try Hallctl.guarded {
                let pin = try Staff.readPIN()
                daemon.show(try daemon.call { try $0.setPIN(staff: id, pin: pin) }) { "new PIN for \($0.id) \($0.name)\n" }
            }
        }
    }
}

/// `hallctl audit`: the audit trail, from the daemon.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who did what, where, from which address, and how it ended: the audit trail (admin, manager, auditor).")
    @OptionGroup var daemon: DaemonConnection
    @Option(help: "From (ISO 8601, such as 2026-12-03T08:00:00+08:00); default a day before --to.") var from: String?
    @Option(help: "To (ISO 8601); default now.") var to: String?
    @Option(help: "One actor: a 工号 or a role.") var staff: String?
    @Option(help: "One window.") var window: Int?

    func run() throws {
        try Hallctl.guarded {
            func date(_ text: String?) throws -> Date? {
                guard let text else { return nil }
                guard let date = try? Date(text, strategy: .iso8601) else { throw CLIError("not an ISO 8601 time: \(text)") }
                return date
            }
            let (from, to) = (try date(from), try date(to))
            daemon.show(try daemon.call { try $0.audit(from: from, to: to, staff: staff, window: window) }) { entries in
                var table = Table(header: ["TIME", "WHO", "WINDOW", "ACTION", "CLIENT", "OUTCOME"])
                for entry in entries {
                    table.rows.append([
                        Devices.time(entry.at), entry.actor, entry.window.map(String.init) ?? "-", entry.action, entry.client,
                        entry.status < 400 ? entry.outcome : "✘ \(entry.outcome) (\(entry.status))",
                    ])
                }
                return table.text
            }
        }
    }
}
