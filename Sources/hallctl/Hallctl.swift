import ArgumentParser
import Foundation
import HallAPIModels
import HallClient
import HallCore

/// The technician's and administrator's tool.
@main
struct Hallctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hallctl",
        abstract: "HallQueue control: the hall's queue, windows and tickets, from the command line.",
        subcommands: [
            Status.self, Services.self, Windows.self, Issue.self, TicketAction.Show.self, Call.self, WalkIn.self,
            WindowAction.Recall.self, WindowAction.Start.self, WindowAction.NoShow.self, WindowAction.Finish.self,
            Transfer.self, WindowAction.Pause.self, WindowAction.Resume.self, WindowAction.Hold.self, TicketAction.Return.self,
            TicketAction.Cancel.self,
            TicketAction.Requeue.self, Appointments.self, TicketPreview.self, Reprint.self, Devices.self, Diag.self, Boards.self,
            Board.self, UdevRulesCommand.self, CheckProfiles.self, Simulate.self, Reload.self, Staff.self, Audit.self, Token.self,
            CalendarCommand.self, ReportCommand.self,
        ])

    /// A line for the person at the terminal, on standard error, apart from the output.
    static func note(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

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
            struct Glance: Encodable {
                var health: HealthView
                var windows: [WindowView]
            }
            let glance = try daemon.call { client in
                Glance(health: try client.health(), windows: try client.windows())
            }
            daemon.show(glance) { glance in
                """
                hallqd: \(glance.health.status), hall day \(glance.health.day ?? "-")
                waiting: \(glance.health.waiting), windows open: \(glance.windows.filter { !$0.paused }.count) of \(glance.windows.count)

                """
            }
        }
    }
}

struct Services: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Services with their queues.")
    @OptionGroup var daemon: DaemonConnection

    func run() throws {
        try Hallctl.guarded {
            daemon.show(try daemon.call { try $0.services() }) { services in
                var table = Table(header: ["ID", "事项 SERVICE", "PREFIX", "OPEN", "ISSUED", "QUOTA", "WAITING", "WAIT MIN"])
                for service in services {
                    table.rows.append([
                        service.id, service.name, service.prefix, service.openNow ? "open" : "closed", "\(service.issuedToday)",
                        service.dailyQuota.map(String.init) ?? "-", "\(service.waiting)", "\(service.estimatedWaitMinutes)",
                    ])
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
            daemon.show(try daemon.call { try $0.windows() }) { windows in
                var table = Table(header: ["WINDOW", "窗口 NAME", "STATE", "CURRENT", "WAITING", "SERVICES"])
                for window in windows {
                    table.rows.append([
                        "\(window.number)", window.name, window.paused ? "paused" : "open",
                        window.current.map { "\($0.number) \($0.state.rawValue)" } ?? "-", "\(window.waiting)",
                        window.services.isEmpty ? "-" : window.services.joined(separator: ","),
                    ])
                }
                return table.text
            }
        }
    }
}

func ticketLine(_ ticket: TicketView) -> String {
    var line = "\(ticket.number)  \(ticket.serviceName)  \(ticket.state.rawValue)"
    if let ahead = ticket.ahead { line += "  前面 \(ahead) 人 ahead, ~\(ticket.estimatedWaitMinutes.map(String.init) ?? "-") min" }
    if let window = ticket.window { line += "  → \(window) 号窗口 window" }
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
            guard let channel = IssueChannel(rawValue: channel) else {
                throw CLIError("no channel \(channel) (channels: \(IssueChannel.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let priority = try priority.map { name in
                guard let priority = PriorityClass(rawValue: name) else {
                    throw CLIError("no priority \(name) (priorities: \(PriorityClass.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return priority
            }
            let request = IssueRequest(service: service, channel: channel, priority: priority, kiosk: kiosk)
            daemon.show(try daemon.call { try $0.issue(request) }, render: ticketLine)
        }
    }
}

/// Commands on one ticket of today, by number.
enum TicketAction {
    static func run(_ daemon: DaemonConnection, _ body: (HallClient) throws -> TicketView) throws {
        try Hallctl.guarded { daemon.show(try daemon.call(body), render: ticketLine) }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ticket", abstract: "Show a ticket of today.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The ticket number, such as A001.") var number: String
        func run() throws { try TicketAction.run(daemon) { client in try client.ticket(number) } }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a waiting ticket.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The ticket number.") var number: String
        func run() throws { try TicketAction.run(daemon) { client in try client.cancel(ticket: number) } }
    }

    struct Return: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "return", abstract: "A held ticket's citizen is back: called next for its service (挂起返回).")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The ticket number.") var number: String
        func run() throws { try TicketAction.run(daemon) { client in try client.returnHeld(ticket: number) } }
    }

    struct Requeue: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a no-show ticket back in the queue (过号重排).")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The ticket number.") var number: String
        func run() throws { try TicketAction.run(daemon) { client in try client.requeue(ticket: number) } }
    }
}

struct Call: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Call the next ticket to a window (叫号), or a chosen one (指呼).")
    @OptionGroup var daemon: DaemonConnection
    @Argument(help: "The window number.") var window: Int
    @Option(help: "A waiting ticket to call instead of the next, such as B012 (指呼).") var number: String?

    func run() throws {
        try Hallctl.guarded {
            let call = try daemon.call { client in
                try number.map { try client.call(number: $0, window: window) } ?? client.callNext(window: window)
            }
            daemon.show(call) { call in
                guard let called = call?.called else { return "nobody is waiting for window \(window) / 当前无人等候\n" }
                return "请 \(called.number) 号到 \(window) 号窗口办理  (\(called.serviceName))\n"
            }
        }
    }
}

struct WalkIn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walk-in", abstract: "Serve a citizen at the counter (现场办理): a ticket issued, called and started at once.")
    @OptionGroup var daemon: DaemonConnection
    @Argument(help: "The window number.") var window: Int
    @Argument(help: "The service id.") var service: String

    func run() throws {
        try Hallctl.guarded {
            daemon.show(try daemon.call { try $0.walkIn(window: window, service: service) }) { call in
                "\(call.called.number) 在 \(window) 号窗口办理中 / serving at window \(window)  (\(call.called.serviceName))\n"
            }
        }
    }
}

func windowLine(_ window: WindowView) -> String {
    let current = window.current.map { "\($0.number) \($0.state.rawValue)" } ?? "no ticket"
    return "window \(window.number): \(window.paused ? "paused" : "open"), \(current)\n"
}

struct Transfer: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Send a window's current ticket to another service (转办).")
    @OptionGroup var daemon: DaemonConnection
    @Argument(help: "The window number.") var window: Int
    @Argument(help: "The service id to send it to.") var service: String

    func run() throws {
        try Hallctl.guarded {
            daemon.show(try daemon.call { try $0.transfer(window: window, to: service) }, render: windowLine)
        }
    }
}

/// Window actions that take only the window number.
enum WindowAction {
    static func run(_ daemon: DaemonConnection, _ window: Int, _ action: HallClient.WindowAction) throws {
        try Hallctl.guarded { daemon.show(try daemon.call { try $0.act(action, window: window) }, render: windowLine) }
    }

    struct Recall: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Call the window's current ticket again (重呼).")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The window number.") var window: Int
        func run() throws { try WindowAction.run(daemon, window, .recall) }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The citizen has arrived at the window.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The window number.") var window: Int
        func run() throws { try WindowAction.run(daemon, window, .start) }
    }

    struct NoShow: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "no-show", abstract: "The citizen did not come (过号).")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The window number.") var window: Int
        func run() throws { try WindowAction.run(daemon, window, .noShow) }
    }

    struct Finish: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Service finished (办结), with what the visit handled.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The window number.") var window: Int
        @Option(
            name: .customLong("matter"), help: "A matter handled and its outcome, such as shebao:办结 (办结 受理 补正告知 咨询 不予受理); repeat for more.")
        var matters: [String] = []

        func run() throws {
            try Hallctl.guarded {
                let parsed = try matters.map { text in
                    let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
                    guard parts.count == 2, let outcome = Matter.Outcome(rawValue: parts[1]) else {
                        throw CLIError(
                            "not a matter: \(text) (expected service:outcome, the outcome one of \(Matter.Outcome.allCases.map(\.rawValue).joined(separator: " ")))"
                        )
                    }
                    return Matter(service: parts[0], outcome: outcome)
                }
                daemon.show(try daemon.call { try $0.finish(window: window, matters: parsed) }, render: windowLine)
            }
        }
    }

    struct Hold: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hold the window's ticket (挂起): the citizen fetches a document, their place kept.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The window number.") var window: Int
        @Option(help: "Why, such as 补材料.") var reason = "补材料"
        @Option(help: "How long the place is kept (1–240).") var minutes = 30
        func run() throws {
            try Hallctl.guarded {
                daemon.show(try daemon.call { try $0.hold(window: window, reason: reason, minutes: minutes) }, render: windowLine)
            }
        }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause the window (暂停服务).")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The window number.") var window: Int
        func run() throws { try WindowAction.run(daemon, window, .pause) }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume the window.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The window number.") var window: Int
        func run() throws { try WindowAction.run(daemon, window, .resume) }
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
            daemon.show(try daemon.call { try $0.reprint(ticket: number, at: kiosk) }) { sent in
                "\(sent.number) sent to \(sent.kiosk)'s printer\n"
            }
        }
    }
}

/// `hallctl reload`: the daemon reads its configuration again, as on `systemctl reload hallqd`.
struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Have hallqd read its configuration file again: shows what changed and whether it was applied (exit 1 when refused).")
    @OptionGroup var daemon: DaemonConnection

    func run() throws {
        try Hallctl.guarded {
            let report = try daemon.call { try $0.reload() }
            daemon.show(report) { report in
                var text =
                    report.applied
                    ? (report.changed.isEmpty ? "没有变化 / nothing changed\n" : "已应用 / applied (\(report.changed.count)):\n")
                    : "已拒绝，运行中的配置不变 / refused, the running configuration stays: \(report.problem ?? "")\n"
                for key in report.changed {
                    text += "  \(key)\(report.needsRestart.contains(key) ? "  ← 需要重启 / needs a restart" : "")\n"
                }
                return text
            }
            if !report.applied { throw ExitCode(1) }
        }
    }
}
