import ArgumentParser
import Foundation
import HallConfig

#if canImport(Glibc)
import Glibc
#endif

/// Drives the demo hall's simulated devices (`hallsim`): place a card, lift it, scan a code.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drive the demo hall's simulated kiosk devices (hallsim).",
        subcommands: [Card.self, Lift.self, Scan.self, Printed.self, SimulatedBoards.self, SimulatedBoard.self, Key.self])

    struct Target: ParsableArguments {
        @Option(help: "The kiosk, such as K1.")
        var kiosk = "K1"

        @Option(help: "hallsim's socket (default: hallsim.sock in the data directory of $HALLCTL_CONFIG).")
        var socket: String?

        @discardableResult
        func send(_ command: [String: String]) throws -> [String: Any] {
            let path = try socket ?? Self.defaultSocket()
            let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(descriptor) }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in
                for (index, byte) in path.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
            }
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard connected == 0 else {
                throw CLIError("hallsim is not running at \(path) (start the demo with scripts/demo)", exitCode: 3)
            }
            let line = String(decoding: try JSONSerialization.data(withJSONObject: command), as: UTF8.self) + "\n"
            _ = line.withCString { write(descriptor, $0, strlen($0)) }
            var answer: [UInt8] = []
            var byte: UInt8 = 0
            while read(descriptor, &byte, 1) == 1 && byte != 0x0A { answer.append(byte) }
            let reply = (try? JSONSerialization.jsonObject(with: Data(answer))) as? [String: Any]
            guard flag(reply ?? [:], "ok") else { throw CLIError("hallsim: \(reply?["error"] as? String ?? "no answer")") }
            return reply ?? [:]
        }

        static func defaultSocket() throws -> String {
            let path = ProcessInfo.processInfo.environment["HALLCTL_CONFIG"] ?? "/etc/hallqd/hall.yaml"
            do {
                return try HallConfiguration.load(path: path).dataDirectory + "/hallsim.sock"
            } catch {
                throw CLIError("cannot find hallsim's socket: \(error.description) (give --socket or set HALLCTL_CONFIG)")
            }
        }
    }

    struct Card: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Place an ID card on a kiosk's simulated reader.")
        @OptionGroup var target: Target
        @Option(help: "The 18-character ID number on the card.")
        var id: String
        @Option(help: "The name on the card.")
        var name = "张三"

        func run() throws {
            try Hallctl.guarded { try target.send(["command": "card", "kiosk": target.kiosk, "id": id, "name": name]) }
        }
    }

    struct Lift: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift the card from a kiosk's simulated reader.")
        @OptionGroup var target: Target

        func run() throws {
            try Hallctl.guarded { try target.send(["command": "lift", "kiosk": target.kiosk]) }
        }
    }

    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Scan a code (an appointment's QR code) at a kiosk's simulated scanner.")
        @OptionGroup var target: Target
        @Argument(help: "The code.")
        var code: String

        func run() throws {
            try Hallctl.guarded { try target.send(["command": "scan", "kiosk": target.kiosk, "code": code]) }
        }
    }

    struct Printed: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the last ticket a kiosk's stand-in printer printed.")
        @OptionGroup var target: Target
        @Option(help: "The CUPS queue (default: the kiosk's id).") var queue: String?
        @Option(help: "Paper columns: 48 for 80 mm, 32 for 58 mm.") var columns = 48

        func run() throws {
            try Hallctl.guarded {
                let reply = try target.send(["command": "printed", "queue": queue ?? target.kiosk, "columns": String(columns)])
                print(reply["picture"] as? String ?? "", terminator: "")
            }
        }
    }

    struct SimulatedBoards: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "boards", abstract: "What each simulated LED board shows, as the board decoded it.")
        @OptionGroup var target: Target

        func run() throws {
            try Hallctl.guarded {
                let buses = try target.send(["command": "boards"])["boards"] as? [String: [String: String]] ?? [:]
                var table = Table(header: ["BUS", "ADDRESS", "SHOWS"])
                for (bus, boards) in buses.sorted(by: { $0.key < $1.key }) {
                    for (address, text) in boards.sorted(by: { Int($0.key) ?? 0 < Int($1.key) ?? 0 }) {
                        table.rows.append([bus, address, text.replacingOccurrences(of: "\n", with: " | ")])
                    }
                }
                print(table.text, terminator: "")
            }
        }
    }

    struct SimulatedBoard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "board",
            abstract: "Make a simulated board go silent, answer again, restart blank, or lose or garble the next frame.")
        @OptionGroup var target: Target
        @Option(help: "The bus.") var bus = "bus1"
        @Option(help: "The board's address.") var address: Int
        @Argument(help: "silence, answer, restart, drop or garble.") var action: String

        func run() throws {
            try Hallctl.guarded { try target.send(["command": "board", "bus": bus, "address": String(address), "action": action]) }
        }
    }

    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Press a key on a simulated window keypad or evaluation pad.")
        @OptionGroup var target: Target
        @Option(help: "The bus.") var bus = "bus1"
        @Option(help: "The keypad's address.") var address: Int
        @Argument(help: "The key codes in hex, pressed in turn, such as 0x01 (call next) or 0x11 (非常满意).") var codes: [String]

        func run() throws {
            try Hallctl.guarded {
                for code in codes {
                    try target.send(["command": "board", "bus": bus, "address": String(address), "action": "key", "code": code])
                }
            }
        }
    }
}
