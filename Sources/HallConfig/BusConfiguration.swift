import Foundation
import HallCore
import HallDevices
import HallLayout
import HallProtocols
import HallYAML

/// An RS-485 (or RS-232) bus of LED boards, from the hall configuration:
/// ```yaml
/// buses:
///   - id: bus1
///     path: /dev/serial/by-path/...      # the serial port
///     profile: boards/generic-a0-sum16   # the boards' profile (a board may name its own)
///     refresh_seconds: 10                # every board is sent its text this often
///     fault_after_seconds: 30            # a board silent this long (while asked) is faulted
///     gap_chars: 1                       # silence between frames, in character times
///     boards:
///       - {address: 1, window: 1}        # window 1's screen (layout window-screen)
///       - {address: 30, show: hall}      # the hall board (layout hall-board)
///       - {address: 31, notice: 欢迎来到政务服务中心}  # a notice (layout notice)
/// ```
public struct BusConfiguration: Sendable, Equatable {
    public enum Shows: Sendable, Equatable {
        case window(Int)
        case hall
        case notice(String)
        /// An evaluation pad's display: the number to rate at the window, blank otherwise.
        case evaluation(Int)
    }

    /// A window's caller keypad (呼叫器) or evaluation pad (评价器) on the bus.
    public struct Keypad: Sendable, Equatable {
        public var id: String
        public var address: Int
        public var profile: DeviceProfile
        public var window: Int
        /// Key code to window action (call-next, recall ...), for a caller keypad.
        public var actions: [UInt8: String]
        /// Key code to rating 1-5, for an evaluation pad.
        public var ratings: [UInt8: Int]
        /// Where the transfer key sends a ticket.
        public var transferTo: String?

        /// What a key does, in the words `hallctl diag keypad` and the key log show.
        public func action(for code: UInt8) -> String {
            ratings[code].map { "rating \($0)" } ?? actions[code] ?? "unknown"
        }

        /// The keypad as the bus scheduler polls it.
        public var polled: BoardBus.Keypad? {
            profile.frameTable.map {
                BoardBus.Keypad(
                    id: id, address: address, table: $0, pollInterval: Double(profile.integer("poll_interval_ms") ?? 100) / 1000,
                    answerTimeout: profile.boardAckTimeout)
            }
        }
    }

    public struct Board: Sendable, Equatable {
        /// `<bus>.<address>`: the board's device id.
        public var id: String
        public var address: Int
        public var profile: DeviceProfile
        public var shows: Shows
        public var layout: BoardLayout
        /// Columns and lines, and whether it shows the English texts (an ASCII-only protocol):
        /// read from the profile once, not for every text.
        public let width: Int
        public let lines: Int
        public let english: Bool

        /// The window whose screen this is, if it is one.
        public var window: Int? {
            guard case .window(let number) = shows else { return nil }
            return number
        }

        init(id: String, address: Int, profile: DeviceProfile, shows: Shows, layout: BoardLayout) {
            (self.id, self.address, self.profile, self.shows, self.layout) = (id, address, profile, shows, layout)
            (width, lines, english) = (profile.boardWidth, profile.boardLines, profile.boardProtocol?.asciiOnly ?? false)
        }
    }

    public var id: String
    public var path: String
    public var profile: DeviceProfile
    public var refreshSeconds: Double
    /// How long a board may stay silent while it is asked before it is faulted.
    public var faultAfterSeconds: Double = 30
    public var gapCharacters: Double
    public var boards: [Board]
    public var keypads: [Keypad] = []

    /// The scheduler's timing: the bus's line settings and the configured gap and refresh.
    public var timing: BoardBus.Timing {
        let serial = profile.transport.serial ?? SerialSettings()
        return BoardBus.Timing(
            baud: serial.baud, bitsPerByte: serial.bitsPerByte, gapCharacters: gapCharacters, refreshInterval: refreshSeconds,
            faultAfter: faultAfterSeconds)
    }

    static func parse(
        _ item: inout ConfigurationNode, id: String, path: String, profile: DeviceProfile, catalog: ProfileCatalog, windows: [Window],
        layouts: (String, BoardLayout.Kind, ConfigurationNode) throws(ConfigurationError) -> BoardLayout, services: [Service] = []
    ) throws(ConfigurationError) -> BusConfiguration {
        guard profile.family == .boards else {
            throw item.error(at: "profile", "bus \(id) needs a board profile (boards/...), not \(profile.id)")
        }
        var bus = BusConfiguration(
            id: id, path: path, profile: profile, refreshSeconds: try item.double("refresh_seconds", default: 10, range: 0.5...3600),
            gapCharacters: try item.double("gap_chars", default: 1, range: 0...100), boards: [])
        bus.faultAfterSeconds = try item.double("fault_after_seconds", default: 30, range: 0.1...3600)
        for var node in try item.list("boards") {
            var boardProfile = profile
            if let name = try node.optionalString("profile") {
                guard let named = catalog.profile(name), named.family == .boards else {
                    throw node.error(at: "profile", "unknown board profile \"\(name)\"")
                }
                boardProfile = named
            }
            let widest = boardProfile.boardProtocol is ModbusDisplay || boardProfile.integer("address_bytes") == 1 ? 247 : 65535
            let address = try node.int("address", range: 0...widest)
            let shows: Shows
            if let window = try node.optionalInt("window", range: 1...9999) {
                guard windows.contains(where: { $0.number == window }) else {
                    throw node.error(at: "window", "board \(address) shows window \(window), which is not in windows")
                }
                shows = .window(window)
            } else if let notice = try node.optionalString("notice") {
                shows = .notice(notice)
            } else if try node.choice("show", ["hall"]) == "hall" {
                shows = .hall
            } else {
                throw node.error("board \(address) needs window: N, show: hall or notice: text")
            }
            let kind: BoardLayout.Kind
            let fallback: String
            switch shows {
            case .window, .evaluation: (kind, fallback) = (.window, "window-screen")
            case .hall: (kind, fallback) = (.hall, "hall-board")
            case .notice: (kind, fallback) = (.notice, "notice")
            }
            let layout = try layouts(try node.string("layout", default: fallback), kind, node)
            if bus.boards.contains(where: { $0.address == address }) {
                throw node.error(at: "address", "two boards on bus \(id) have address \(address)")
            }
            try node.finish()
            bus.boards.append(Board(id: "\(id).\(address)", address: address, profile: boardProfile, shows: shows, layout: layout))
        }
        for var node in try item.list("keypads") {
            let address = try node.int("address", range: 0...247)
            let name = try node.string("profile")
            guard let profile = catalog.profile(name), profile.driver == .keypadTable else {
                throw node.error(at: "profile", "\(name) is not a keypad profile (keypads/...)")
            }
            let window = try node.int("window", range: 1...9999)
            guard windows.contains(where: { $0.number == window }) else {
                throw node.error(at: "window", "keypad \(address) is at window \(window), which is not in windows")
            }
            let transferTo = try node.optionalString("transfer_to")
            if let transferTo, !services.contains(where: { $0.id == transferTo }) {
                throw node.error(at: "transfer_to", "unknown service \(transferTo)")
            }
            if bus.boards.contains(where: { $0.address == address }) || bus.keypads.contains(where: { $0.address == address }) {
                throw node.error(at: "address", "two devices on bus \(id) have address \(address)")
            }
            try node.finish()
            var actions: [UInt8: String] = [:]
            var ratings: [UInt8: Int] = [:]
            if case .keyMap(let map)? = profile.parameters["keys"] { actions = map }
            if case .keyMap(let map)? = profile.parameters["ratings"] { ratings = map.compactMapValues(Int.init) }
            let keypad = Keypad(
                id: "\(id).\(address)", address: address, profile: profile, window: window, actions: actions, ratings: ratings,
                transferTo: transferTo)
            bus.keypads.append(keypad)
            // Its digits show the window's number (a caller) or the number to rate (a pad).
            if (profile.integer("display_digits") ?? 0) > 0 {
                let shows: Shows = ratings.isEmpty ? .window(window) : .evaluation(window)
                bus.boards.append(
                    Board(id: keypad.id, address: address, profile: profile, shows: shows, layout: try layouts("keypad", .window, node)))
            }
        }
        return bus
    }
}
