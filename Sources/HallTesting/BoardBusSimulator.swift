import Foundation
import HallProtocols
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// An RS-485 bus of addressed LED boards on the far end of a PTY. It decodes frames with the
/// same protocol the daemon speaks, remembers what each board shows, answers where the
/// protocol has answers, and on command loses frames, garbles answers, or lets a board go
/// silent or restart blank. It keeps a log of every frame with its arrival time on its own
/// clock, to check order and pacing.
public final class BoardBusSimulator: @unchecked Sendable {
    public let path: String
    private let pty: PTYPair
    private let codec: any BoardProtocol
    private let state: Mutex<State>

    /// One frame as it arrived.
    public struct Received: Sendable {
        public var address: Int
        public var text: String
        public var bytes: Int
        /// When the read holding its first byte, and its last byte, returned.
        public var firstByteAt: ContinuousClock.Instant
        public var lastByteAt: ContinuousClock.Instant
        /// Whether the board took it (it was for a board present and not lost).
        public var taken: Bool
    }

    /// A simulated window keypad or evaluation pad: keys waiting for the next poll, and its digits.
    struct Pad {
        var keys: [UInt8] = []
        var display = ""
        var polls = 0
    }

    struct State {
        var shown: [Int: String]
        var pads: [Int: Pad] = [:]
        var silent: Set<Int> = []
        var dropNext = 0
        /// Frames to lose on their way to one board, by address.
        var dropTo: [Int: Int] = [:]
        var garbleNext = 0
        var received: [Received] = []
        var errors: [String] = []
        var stopped = false
        /// Whether the code under test holds the port open: the PTY hangs up when nobody does.
        var portOpen = false
    }

    private let keypadTable: FrameTable?
    private let displayCommand: [UInt8]

    /// Boards at `addresses`, blank, on a new PTY at `link`; and keypads at `keypads`, speaking
    /// `keypadTable` (polled with its command, shown with `displayCommand`).
    public init(
        link: String, codec: any BoardProtocol, addresses: some Sequence<Int>, keypads: [Int] = [], keypadTable: FrameTable? = nil,
        displayCommand: [UInt8] = [0x02]
    ) throws {
        path = link
        pty = try PTYPair(link: link)
        self.codec = codec
        self.keypadTable = keypadTable
        self.displayCommand = displayCommand
        var initial = State(shown: Dictionary(uniqueKeysWithValues: addresses.map { ($0, "") }))
        for address in keypads { initial.pads[address] = Pad() }
        state = Mutex(initial)
        let thread = Thread { [self] in serve() }
        thread.name = "board bus simulator"
        thread.start()
    }

    deinit { stop() }

    public func stop() { state.withLock { $0.stopped = true } }

    /// What each board shows now.
    public var shown: [Int: String] { state.withLock { $0.shown } }
    public func shown(_ address: Int) -> String? { state.withLock { $0.shown[address] } }
    /// Every frame so far, in arrival order.
    public var received: [Received] { state.withLock { $0.received } }
    /// Decoding errors (garbage, bad checksums) so far.
    public var errors: [String] { state.withLock { $0.errors } }

    /// Whether the port is open at the other end: false before it is first opened and after it
    /// is closed (the PTY hangs up), true once bytes have come.
    public var portOpen: Bool { state.withLock { $0.portOpen } }

    /// The next `count` frames are lost on the line: not taken, not answered.
    public func drop(next count: Int) { state.withLock { $0.dropNext += count } }
    /// The next `count` frames to board `address` are lost on the line.
    public func drop(next count: Int, to address: Int) { state.withLock { $0.dropTo[address, default: 0] += count } }
    /// The answers to the next `count` frames arrive garbled (the frames are taken).
    public func garbleAnswers(next count: Int) { state.withLock { $0.garbleNext += count } }
    /// A board stops answering and taking frames, or comes back.
    public func silence(_ address: Int, _ silent: Bool = true) {
        state.withLock { if silent { $0.silent.insert(address) } else { $0.silent.remove(address) } }
    }
    /// A board is power-cycled: it comes back blank.
    public func restart(_ address: Int) { state.withLock { $0.shown[address] = "" } }
    public func clearLog() { state.withLock { $0.received = [] } }
    /// A key pressed on a keypad: it goes with the keypad's answer to the next poll.
    public func press(_ address: Int, key: UInt8) { state.withLock { $0.pads[address]?.keys.append(key) } }
    /// What a keypad's digits show, and how often it has been polled.
    public func keypadDisplay(_ address: Int) -> String? { state.withLock { $0.pads[address]?.display } }
    public func polls(_ address: Int) -> Int { state.withLock { $0.pads[address]?.polls ?? 0 } }

    private func serve() {
        var decoder = codec.makeDecoder()
        var keypadDecoder = keypadTable?.makeDecoder()
        var firstByteAt: ContinuousClock.Instant?
        while !state.withLock({ $0.stopped }) {
            var watched = pollfd(fd: pty.controller, events: Int16(POLLIN), revents: 0)
            guard poll(&watched, 1, 20) > 0, watched.revents & Int16(POLLIN) != 0 else {
                if watched.revents & Int16(POLLHUP) != 0 {
                    state.withLock { $0.portOpen = false }
                    usleep(10_000)
                }
                continue
            }
            state.withLock { $0.portOpen = true }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = Glibc.read(pty.controller, &buffer, buffer.count)
            guard count > 0 else { continue }
            let now = ContinuousClock.now
            if firstByteAt == nil { firstByteAt = now }
            var completed = false
            // Keypad frames and board frames share the wire, one at a time: a read that starts a
            // keypad's header (or continues one) is the keypads'.
            let bytes = Array(buffer[..<count])
            if let table = keypadTable, var pads = keypadDecoder,
                pads.pending > 0 || (decoder.pending == 0 && bytes.starts(with: table.header.prefix(bytes.count)))
            {
                for case .frame(let frame) in pads.feed(bytes) {
                    if let answer = keypad(frame, table: table) { pty.send(answer) }
                }
                keypadDecoder = pads
                continue
            }
            for item in decoder.feed(buffer[..<count]) {
                switch item {
                case .frame(let frame):
                    if let answer = take(frame, firstByteAt: firstByteAt ?? now, lastByteAt: now) { pty.send(answer) }
                    completed = true
                    firstByteAt = now
                case .error(let problem):
                    state.withLock { $0.errors.append(problem) }
                }
            }
            // Bytes still waiting began in this read only if a frame ended in it.
            if decoder.pending == 0 { firstByteAt = nil } else if completed { firstByteAt = now }
        }
        pty.unplug()
    }

    /// A keypad's part: a poll is answered with the next key (00 for none), a display frame shown.
    private func keypad(_ frame: BoardFrame, table: FrameTable) -> [UInt8]? {
        state.withLock { state in
            guard var pad = state.pads[frame.address], !state.silent.contains(frame.address) else { return nil }
            defer { state.pads[frame.address] = pad }
            if frame.command == displayCommand {
                pad.display = String(decoding: frame.data, as: UTF8.self)
                return nil
            }
            pad.polls += 1
            let key = pad.keys.isEmpty ? 0 : pad.keys.removeFirst()
            return table.frame(address: frame.address, data: [key], command: [0x81])
        }
    }

    /// The board's part: take the frame, and say what goes back.
    private func take(_ frame: BoardFrame, firstByteAt: ContinuousClock.Instant, lastByteAt: ContinuousClock.Instant) -> [UInt8]? {
        state.withLock { state in
            let present = state.shown[frame.address] != nil && !state.silent.contains(frame.address)
            let lostToBoard = present && state.dropTo[frame.address, default: 0] > 0
            if lostToBoard { state.dropTo[frame.address, default: 0] -= 1 }
            let lost = lostToBoard || (present && state.dropNext > 0)
            if lost && !lostToBoard { state.dropNext -= 1 }
            let taken = present && !lost
            state.received.append(
                Received(
                    address: frame.address, text: frame.text, bytes: frame.bytes.count, firstByteAt: firstByteAt, lastByteAt: lastByteAt,
                    taken: taken))
            guard taken else { return nil }
            state.shown[frame.address] = frame.text
            guard var answer = codec.reply(to: frame) else { return nil }
            if state.garbleNext > 0 {
                state.garbleNext -= 1
                answer = answer.map { $0 ^ 0x5A }
            }
            return answer
        }
    }
}
