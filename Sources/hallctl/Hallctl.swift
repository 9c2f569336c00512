import ArgumentParser
import Foundation
import HallServer

/// The technician's and administrator's tool.
@main
struct Hallctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hallctl",
        abstract: "HallQueue control: the hall's queue, windows and tickets, from the command line.",
        subcommands: [
            Status.self, Services.self, Windows.self, Issue.self, TicketAction.Show.self, Call.self,
            WindowAction.Recall.self, WindowAction.Start.self, WindowAction.NoShow.self, WindowAction.Finish.self,
            Transfer.self, WindowAction.Pause.self, WindowAction.Resume.self, TicketAction.Cancel.self,
            TicketAction.Requeue.self, Appointments.self, TicketPreview.self, Reprint.self, Devices.self, Diag.self, Boards.self,
            Board.self, UdevRulesCommand.self, CheckProfiles.self, Simulate.self,
        ])

    /// Runs a subcommand body, turning errors into one clear line and an exit code.
    static func guarded(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("hallctl: \(error.description)\n".utf8))
            throw ExitCode(error.exitCode)
        }
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Whether the daemon runs, and the hall at a glance.")
    @OptionGroup var daemon: DaemonConnection

    func run() throws {
        try Hallctl.guarded {
            let health = try daemon.request("GET", "/healthz")
            let windows = try daemon.request("GET", "/api/v1/windows")
            if daemon.json {
                print(#"{"health":\#(health.text),"windows":\#(windows.text)}"#)
                return
            }
            let list = (try? JSONSerialization.jsonObject(with: windows.body)) as? [[String: Any]] ?? []
            let open = list.filter { ($0["paused"] as? Bool) == false }.count
            print("hallqd: \(field(health.json() ?? [:], "status")), hall day \(field(health.json() ?? [:], "day"))")
            print("waiting: \(field(health.json() ?? [:], "waiting")), windows open: \(open) of \(list.count)")
        }
    }
}

struct Services: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Services with their queues.")
    @OptionGroup var daemon: DaemonConnection

    func run() throws {
        try Hallctl.guarded {
            daemon.show(try daemon.request("GET", "/api/v1/services")) { value in
                var table = Table(header: ["ID", "事项 SERVICE", "PREFIX", "OPEN", "ISSUED", "QUOTA", "WAITING", "WAIT MIN"])
                for service in value as? [Any] ?? [] {
                    table.rows.append(
                        ["id", "name", "prefix"].map { field(service, $0) } + [flag(service, "openNow") ? "open" : "closed"]
                            + ["issuedToday", "dailyQuota", "waiting", "estimatedWaitMinutes"].map { field(service, $0) })
                }
                return table.text
            }
        }
    }
}

struct Windows: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Windows and their current tickets.")
    @OptionGroup var daemon: DaemonConnection

    func run() throws {
        try Hallctl.guarded {
            daemon.show(try daemon.request("GET", "/api/v1/windows")) { value in
                var table = Table(header: ["WINDOW", "窗口 NAME", "STATE", "CURRENT", "WAITING", "SERVICES"])
                for window in value as? [Any] ?? [] {
                    let current = (window as? [String: Any])?["current"].map { field($0, "number") + " " + field($0, "state") } ?? "-"
                    let services = ((window as? [String: Any])?["services"] as? [String])?.joined(separator: ",") ?? "-"
                    table.rows.append([
                        field(window, "number"), field(window, "name"), flag(window, "paused") ? "paused" : "open", current,
                        field(window, "waiting"), services,
                    ])
                }
                return table.text
            }
        }
    }
}

func ticketLine(_ ticket: Any) -> String {
    var line = "\(field(ticket, "number"))  \(field(ticket, "serviceName"))  \(field(ticket, "state"))"
    if field(ticket, "ahead") != "-" { line += "  前面 \(field(ticket, "ahead")) 人 ahead, ~\(field(ticket, "estimatedWaitMinutes")) min" }
    if field(ticket, "window") != "-" { line += "  → \(field(ticket, "window")) 号窗口 window" }
    return line + "\n"
}

struct Issue: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Issue a ticket (取号) for a service.")
    @OptionGroup var daemon: DaemonConnection
    @Argument(help: "The service id, such as shebao.") var service: String
    @Option(help: "green, appointment or normal.") var priority: String?
    @Option(help: "kiosk, staff or appointment (default staff).") var channel = "staff"
    @Option(help: "The kiosk it is taken at: the ID card just read there goes with it.") var kiosk: String?

    func run() throws {
        try Hallctl.guarded {
            var body = ["service": service, "channel": channel]
            body["priority"] = priority
            body["kiosk"] = kiosk
            daemon.show(try daemon.request("POST", "/api/v1/tickets", body: body), render: ticketLine)
        }
    }
}

/// Commands on one ticket of today, by number.
enum TicketAction {
    static func run(_ daemon: DaemonConnection, _ method: String, _ path: String) throws {
        try Hallctl.guarded { daemon.show(try daemon.request(method, path), render: ticketLine) }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ticket", abstract: "Show a ticket of today.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The ticket number, such as A001.") var number: String
        func run() throws { try TicketAction.run(daemon, "GET", "/api/v1/tickets/\(number)") }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a waiting ticket.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The ticket number.") var number: String
        func run() throws { try TicketAction.run(daemon, "POST", "/api/v1/tickets/\(number)/cancel") }
    }

    struct Requeue: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a no-show ticket back in the queue (过号重排).")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The ticket number.") var number: String
        func run() throws { try TicketAction.run(daemon, "POST", "/api/v1/tickets/\(number)/requeue") }
    }
}

struct Call: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Call the next ticket to a window (叫号).")
    @OptionGroup var daemon: DaemonConnection
    @Argument(help: "The window number.") var window: Int

    func run() throws {
        try Hallctl.guarded {
            let response = try daemon.request("POST", "/api/v1/windows/\(window)/call")
            if response.status == 204 {
                if daemon.json { print("null") } else { print("nobody is waiting for window \(window) / 当前无人等候") }
                return
            }
            daemon.show(response) { value in
                let called = (value as? [String: Any])?["called"] ?? [:]
                return "请 \(field(called, "number")) 号到 \(window) 号窗口办理  (\(field(called, "serviceName")))\n"
            }
        }
    }
}

func windowLine(_ window: Any) -> String {
    let current = (window as? [String: Any])?["current"].map { field($0, "number") + " " + field($0, "state") } ?? "no ticket"
    return "window \(field(window, "number")): \(flag(window, "paused") ? "paused" : "open"), \(current)\n"
}

struct Transfer: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Send a window's current ticket to another service (转办).")
    @OptionGroup var daemon: DaemonConnection
    @Argument(help: "The window number.") var window: Int
    @Argument(help: "The service id to send it to.") var service: String

    func run() throws {
        try Hallctl.guarded {
            daemon.show(try daemon.request("POST", "/api/v1/windows/\(window)/transfer", body: ["service": service]), render: windowLine)
        }
    }
}

/// Window actions that take only the window number.
enum WindowAction {
    static func run(_ daemon: DaemonConnection, _ window: Int, _ action: String) throws {
        try Hallctl.guarded { daemon.show(try daemon.request("POST", "/api/v1/windows/\(window)/\(action)"), render: windowLine) }
    }

    struct Recall: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Call the window's current ticket again (重呼).")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The window number.") var window: Int
        func run() throws { try WindowAction.run(daemon, window, "recall") }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The citizen has arrived at the window.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The window number.") var window: Int
        func run() throws { try WindowAction.run(daemon, window, "start") }
    }

    struct NoShow: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "no-show", abstract: "The citizen did not come (过号).")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The window number.") var window: Int
        func run() throws { try WindowAction.run(daemon, window, "no-show") }
    }

    struct Finish: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Service finished (办结).")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The window number.") var window: Int
        func run() throws { try WindowAction.run(daemon, window, "finish") }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause the window (暂停服务).")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The window number.") var window: Int
        func run() throws { try WindowAction.run(daemon, window, "pause") }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume the window.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The window number.") var window: Int
        func run() throws { try WindowAction.run(daemon, window, "resume") }
    }
}

/// 补打: print a ticket again on purpose.
struct Reprint: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a ticket of today again on a kiosk's printer.")
    @OptionGroup var daemon: DaemonConnection
    @Argument(help: "The ticket number, such as A001.") var number: String
    @Option(help: "The kiosk whose printer prints it.") var kiosk: String

    func run() throws {
        try Hallctl.guarded {
            daemon.show(try daemon.request("POST", "/api/v1/tickets/\(number)/print", body: ["kiosk": kiosk])) { value in
                "\(field(value, "number")) sent to \(field(value, "kiosk"))'s printer\n"
            }
        }
    }
}
