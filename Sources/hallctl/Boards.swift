import ArgumentParser
import Foundation
import HallAPIModels
import HallClient

/// `hallctl boards`: what every LED board shows, as the daemon last had it taken.
struct Boards: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "What each LED window screen and hall board shows.")
    @OptionGroup var daemon: DaemonConnection

    func run() throws {
        try Hallctl.guarded {
            daemon.show(try daemon.call { try $0.boards() }) { boards in
                var table = Table(header: ["BOARD", "BUS", "ADDRESS", "SHOWS", "STATE"])
                for board in boards {
                    let state =
                        board.faulted ? "无应答 / silent" : (board.pending || board.shown == nil ? "更新中 / updating" : "正常 / ok")
                    table.rows.append([
                        board.id, board.bus, "\(board.address)", (board.shown ?? board.wanted).replacingOccurrences(of: "\n", with: " | "),
                        state,
                    ])
                }
                return table.text
            }
        }
    }
}

/// `hallctl board test|scan`: a technician's checks of a bus of boards, through the daemon.
struct Board: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Test a board or find the boards on a bus.", subcommands: [Test.self, Scan.self])

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a test pattern on one board and say whether it answered.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The bus, such as bus1.") var bus: String
        @Argument(help: "The board's address.") var address: Int

        func run() throws {
            try Hallctl.guarded {
                daemon.show(try daemon.call { try $0.testBoard(bus: bus, address: address) }, render: Board.describe)
            }
        }
    }

    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Find which addresses on a bus answer.")
        @OptionGroup var daemon: DaemonConnection
        @Argument(help: "The bus, such as bus1.") var bus: String
        @Option(help: "First address.") var from = 1
        @Option(help: "Last address.") var to = 32

        func run() throws {
            try Hallctl.guarded {
                daemon.show(try daemon.call { try $0.scan(bus: bus, from: from, to: to) }) { probes in
                    let answering = probes.filter(\.answered).map { "\($0.address)" }
                    return (answering.isEmpty ? "没有地址应答 / no address answered" : "应答的地址 / answering: \(answering.joined(separator: " "))")
                        + " (\(from)–\(to))\n"
                }
            }
        }
    }

    static func describe(_ probe: BoardProbe) -> String {
        if probe.answered { return "地址 \(probe.address) 应答 / answered in \(probe.milliseconds.map { "\($0)" } ?? "-") ms\n" }
        if let problem = probe.problem {
            return
                "地址 \(probe.address) 无应答：检查 RS-485 接线、终端电阻与地址设置 / no answer (\(problem)): check the RS-485 wiring, termination and the board's address\n"
        }
        return "测试图案已发出（该协议的屏不应答）/ pattern sent (boards of this protocol do not answer)\n"
    }
}
