import Dispatch
import Foundation
import HallProtocols
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Decides what goes on one RS-485 (or RS-232) bus of LED boards, and when. One frame is on
/// the wire at a time, paced by the wire time of its bytes at the configured baud and
/// framing, then the board's answer (where the protocol has one) and a gap. Calls go before
/// refreshes; a board's update that has not gone out yet is replaced by a newer one, never
/// sent stale; every board is sent what it should show once per refresh period, so a board
/// that restarts is right again within one period. A board that does not answer after its
/// retries is faulted; refreshes keep trying it (once each, so that it does not hold up the
/// bus) and it recovers when it answers.
public final class BoardBus: Sendable {
    public struct Board: Sendable {
        /// `<bus>.<address>`, as the registry knows it.
        public var id: String
        public var address: Int
        public var codec: any BoardProtocol
        public var ackTimeout: Double
        public var retries: Int

        public init(id: String, address: Int, codec: any BoardProtocol, ackTimeout: Double = 0.1, retries: Int = 2) {
            self.id = id
            self.address = address
            self.codec = codec
            self.ackTimeout = ackTimeout
            self.retries = retries
        }
    }

    /// A window keypad or evaluation pad on the bus: polled for keys between calls.
    public struct Keypad: Sendable {
        public var id: String
        public var address: Int
        public var table: FrameTable
        public var pollInterval: Double
        public var answerTimeout: Double

        public init(id: String, address: Int, table: FrameTable, pollInterval: Double = 0.1, answerTimeout: Double = 0.1) {
            self.id = id
            self.address = address
            self.table = table
            self.pollInterval = pollInterval
            self.answerTimeout = answerTimeout
        }
    }

    public struct Timing: Sendable {
        public var baud: Int
        /// Start, data, parity and stop bits: 10 for 8N1, 11 for 7E2 or 8E1.
        public var bitsPerByte: Int
        /// Silence between frames, in character times (at least the protocol's minimum).
        public var gapCharacters: Double
        /// How often every board is sent what it should show.
        public var refreshInterval: Double

        public init(baud: Int = 9600, bitsPerByte: Int = 10, gapCharacters: Double = 1, refreshInterval: Double = 10) {
            self.baud = baud
            self.bitsPerByte = bitsPerByte
            self.gapCharacters = gapCharacters
            self.refreshInterval = refreshInterval
        }

        /// The time `bytes` bytes take on the wire.
        public func wireTime(_ bytes: Int) -> Double { Double(bytes * bitsPerByte) / Double(baud) }
    }

    /// What the bus tells the daemon.
    public enum Event: Sendable, Equatable {
        /// A board took a frame (answered it, or the protocol has no answers).
        case shown(board: String, text: String, urgent: Bool)
        /// A frame to a board was lost (no answer, a wrong one); it is sent again.
        case lost(board: String, String)
        /// A board has stopped answering; `recovered` when it answers again.
        case faulted(board: String, String)
        case recovered(board: String)
        case traffic(bytesIn: Int, bytesOut: Int, frames: Int)
        /// A key pressed on a keypad or an evaluation pad.
        case key(keypad: String, code: UInt8)
    }

    /// What a board is meant to show and what it last took, for `hallctl boards`.
    public struct BoardView: Sendable, Equatable, Codable {
        public var id: String
        public var address: Int
        public var wanted: String
        public var shown: String?
        public var faulted: Bool
        public var pending: Bool
        /// The daemon's own time from the newest call on this board to its frame's first byte.
        public var callMilliseconds: Double?
    }

    public let id: String
    public let boards: [Board]
    public let keypads: [Keypad]
    public let timing: Timing
    private let report: @Sendable (Event) -> Void
    private let state: Mutex<State>
    private let wake = DispatchSemaphore(value: 0)

    struct Slot {
        var wanted = ""
        var shown: String?
        /// The text on its way to the board now.
        var sending: String?
        /// Order of a pending update (lower first); nil when nothing is pending.
        var pending: Int?
        var urgent = false
        /// When the call the pending text shows was made, if it shows one.
        var calledAt: Date?
        var callMilliseconds: Double?
        var nextRefresh: ContinuousClock.Instant
        var faulted = false
    }

    struct Pad {
        var nextPoll: ContinuousClock.Instant
        var failures = 0
        var faulted = false
    }

    /// Polls missed in a row before a keypad is faulted.
    static let keypadFaultAfter = 3

    struct State {
        var slots: [Slot]
        var pads: [Pad] = []
        var sequence = 0
        var diagnostics: [Diagnostic] = []
    }

    /// A one-off exchange asked for by a technician (`hallctl board test` and `scan`).
    struct Diagnostic: @unchecked Sendable {
        var frame: [UInt8]
        var codec: any BoardProtocol
        var address: Int
        var ackTimeout: Double
        var done: @Sendable (Result<Double, DiagnosticFailure>) -> Void
    }

    public struct DiagnosticFailure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public init(id: String, boards: [Board], keypads: [Keypad] = [], timing: Timing, report: @escaping @Sendable (Event) -> Void = { _ in })
    {
        self.id = id
        self.boards = boards
        self.keypads = keypads
        self.timing = timing
        self.report = report
        // Spread the first refreshes over one period instead of sending all at once.
        let now = ContinuousClock.now
        let slots = boards.indices.map { index in
            Slot(nextRefresh: now + .seconds(timing.refreshInterval * Double(index + 1) / Double(max(boards.count, 1))))
        }
        state = Mutex(State(slots: slots, pads: keypads.map { _ in Pad(nextPoll: now) }))
    }

    /// The board at `address` is to show `text`. `urgent` (a call) puts it before refreshes.
    /// Text the board already shows is not sent again. `calledAt`, the time of the call the
    /// text shows, lets the bus tell how long the call took to reach the wire.
    public func show(_ text: String, address: Int, urgent: Bool, calledAt: Date? = nil) {
        guard let index = boards.firstIndex(where: { $0.address == address }) else { return }
        let changed = state.withLock { state -> Bool in
            var slot = state.slots[index]
            // Nothing new: the text is shown, on its way, or waiting (as urgent as asked).
            let waiting = slot.pending != nil && (slot.urgent || !urgent)
            if text == slot.wanted && (waiting || slot.shown == text || slot.sending == text) { return false }
            slot.wanted = text
            if slot.shown == text {
                slot.pending = nil
                slot.urgent = false
            } else {
                // An update already waiting keeps its place in line and takes the new text.
                if slot.pending == nil {
                    state.sequence += 1
                    slot.pending = state.sequence
                }
                slot.urgent = slot.urgent || urgent
                slot.calledAt = calledAt ?? slot.calledAt
            }
            state.slots[index] = slot
            return true
        }
        if changed { wake.signal() }
    }

    /// What every board should show and what it took.
    public var views: [BoardView] {
        state.withLock { state in
            boards.indices.map { index in
                let slot = state.slots[index]
                return BoardView(
                    id: boards[index].id, address: boards[index].address, wanted: slot.wanted, shown: slot.shown, faulted: slot.faulted,
                    pending: slot.pending != nil, callMilliseconds: slot.callMilliseconds)
            }
        }
    }

    /// Sends `text` to `address` with `codec` once, ahead of everything else, and says whether
    /// (and how fast) a board answered. For boards whose protocol has no answers, success
    /// means only that the frame went out.
    public func exchangeOnce(_ text: String, address: Int, codec: any BoardProtocol, ackTimeout: Double) async -> Result<
        Double, DiagnosticFailure
    > {
        await withCheckedContinuation { continuation in
            state.withLock {
                $0.diagnostics.append(
                    Diagnostic(frame: codec.encode(text, address: address), codec: codec, address: address, ackTimeout: ackTimeout) {
                        continuation.resume(returning: $0)
                    })
            }
            wake.signal()
        }
    }

    /// Wakes a waiting `serve` (to see a stop).
    public func interrupt() { wake.signal() }

    /// Runs the bus over `transport` until `stopped` says so or the transport goes away
    /// (then it returns the reason, and pending updates wait for the next `serve`).
    public func serve(_ transport: CountingTransport, stopped: () -> Bool) -> String {
        // Whatever a board showed before the link came up is unknown: refresh all soon.
        state.withLock { state in
            for index in state.slots.indices { state.slots[index].shown = nil }
        }
        while !stopped() {
            do {
                if let diagnostic = state.withLock({ $0.diagnostics.isEmpty ? nil : $0.diagnostics.removeFirst() }) {
                    let result = try exchange(
                        diagnostic.frame, codec: diagnostic.codec, address: diagnostic.address, timeout: diagnostic.ackTimeout,
                        on: transport)
                    diagnostic.done(result)
                    // A configured board now shows the test pattern: give it its text again.
                    state.withLock { state in
                        guard let index = boards.firstIndex(where: { $0.address == diagnostic.address }) else { return }
                        state.slots[index].shown = nil
                        state.sequence += 1
                        state.slots[index].pending = state.slots[index].pending ?? state.sequence
                    }
                    continue
                }
                // Calls first, then the keypads' polls, then other updates and refreshes.
                if let job = nextJob(urgentOnly: true) {
                    try send(job, on: transport)
                } else if let pad = duePad() {
                    try poll(pad, on: transport)
                } else if let job = nextJob(urgentOnly: false) {
                    try send(job, on: transport)
                } else {
                    let next = state.withLock { ($0.slots.map(\.nextRefresh) + $0.pads.map(\.nextPoll)).min() }
                    let wait = next.map { ContinuousClock.now.duration(to: $0) } ?? .seconds(1)
                    _ = wake.wait(timeout: .now() + min(max(Self.seconds(wait), 0.001), 0.5))
                }
            } catch {
                // Diagnostics still waiting get an answer rather than hanging.
                for diagnostic in state.withLock({ state in
                    defer { state.diagnostics = [] }
                    return state.diagnostics
                }) {
                    diagnostic.done(.failure(DiagnosticFailure(message: error.message)))
                }
                return error.message
            }
        }
        return "stopped"
    }

    /// The next board to send to: pending calls in order, then other pending updates, then the
    /// board whose refresh is most overdue.
    private func nextJob(urgentOnly: Bool) -> Job? {
        state.withLock { state -> Job? in
            let now = ContinuousClock.now
            let pending = state.slots.indices.filter { state.slots[$0].pending != nil }
            let urgent = pending.filter { state.slots[$0].urgent }.min { state.slots[$0].pending! < state.slots[$1].pending! }
            let chosen =
                urgentOnly
                ? urgent
                : urgent ?? pending.min { state.slots[$0].pending! < state.slots[$1].pending! }
                    ?? state.slots.indices.filter { state.slots[$0].nextRefresh <= now }.min {
                        state.slots[$0].nextRefresh < state.slots[$1].nextRefresh
                    }
            guard let index = chosen else { return nil }
            let slot = state.slots[index]
            state.slots[index].pending = nil
            state.slots[index].urgent = false
            state.slots[index].calledAt = nil
            state.slots[index].sending = slot.wanted
            state.slots[index].nextRefresh = now + .seconds(timing.refreshInterval)
            return Job(index: index, text: slot.wanted, urgent: slot.urgent, calledAt: slot.calledAt)
        }
    }

    /// The keypad whose poll is most overdue, if one is due.
    private func duePad() -> Int? {
        state.withLock { state in
            let now = ContinuousClock.now
            guard
                let index = state.pads.indices.filter({ state.pads[$0].nextPoll <= now }).min(by: {
                    state.pads[$0].nextPoll < state.pads[$1].nextPoll
                })
            else { return nil }
            state.pads[index].nextPoll = now + .seconds(keypads[index].pollInterval)
            return index
        }
    }

    /// Asks a keypad for a key: it answers with the key pressed since the last poll, or 00.
    private func poll(_ index: Int, on transport: CountingTransport) throws(TransportFailure) {
        let pad = keypads[index]
        let frame = pad.table.frame(address: pad.address, data: [])
        let start = ContinuousClock.now
        try transport.write(frame)
        Self.sleep(until: start + .seconds(timing.wireTime(frame.count)))
        var decoder = pad.table.makeDecoder()
        var key: UInt8?
        let deadline = ContinuousClock.now + .seconds(pad.answerTimeout)
        while key == nil {
            let left = Self.seconds(ContinuousClock.now.duration(to: deadline))
            guard left > 0 else { break }
            let bytes = try transport.read(maximum: 256, timeoutMilliseconds: max(1, Int((left * 1000).rounded(.up))))
            for case .frame(let answer) in decoder.feed(bytes) where answer.address == pad.address && answer.bytes != frame {
                key = answer.data.first ?? 0
            }
        }
        let counts = transport.takeCounts()
        report(.traffic(bytesIn: counts.bytesIn, bytesOut: counts.bytesOut, frames: 1))
        let change = state.withLock { state -> Event? in
            if key != nil {
                defer {
                    state.pads[index].failures = 0
                    state.pads[index].faulted = false
                }
                return state.pads[index].faulted ? .recovered(board: pad.id) : nil
            }
            state.pads[index].failures += 1
            guard state.pads[index].failures >= Self.keypadFaultAfter, !state.pads[index].faulted else { return nil }
            state.pads[index].faulted = true
            return .faulted(board: pad.id, "无应答 / no answer to \(Self.keypadFaultAfter) polls")
        }
        if let change { report(change) }
        if let key, key != 0 { report(.key(keypad: pad.id, code: key)) }
        Self.sleep(until: .now + .seconds(timing.wireTime(1) * timing.gapCharacters))
    }

    /// A board's text taken for the wire.
    struct Job {
        var index: Int
        var text: String
        var urgent: Bool
        var calledAt: Date?
    }

    private func send(_ job: Job, on transport: CountingTransport) throws(TransportFailure) {
        defer { state.withLock { $0.slots[job.index].sending = nil } }
        if let calledAt = job.calledAt {
            // Taken just before the frame's first byte is written.
            state.withLock { $0.slots[job.index].callMilliseconds = Date().timeIntervalSince(calledAt) * 1000 }
        }
        try send(job.text, to: job.index, urgent: job.urgent, on: transport)
    }

    private func send(_ text: String, to index: Int, urgent: Bool, on transport: CountingTransport) throws(TransportFailure) {
        let board = boards[index]
        let frame = board.codec.encode(text, address: board.address)
        let faulted = state.withLock { $0.slots[index].faulted }
        // A faulted board gets one try per refresh: the others on the bus must not wait for it.
        let attempts = faulted ? 1 : board.retries + 1
        var lastProblem = ""
        for _ in 0..<attempts {
            // A newer text for this board while retrying: send that instead, on its own turn.
            if state.withLock({ $0.slots[index].wanted != text }) { return }
            switch try exchange(frame, codec: board.codec, address: board.address, timeout: board.ackTimeout, on: transport) {
            case .success:
                let recovered = state.withLock { state -> Bool in
                    state.slots[index].shown = text
                    defer { state.slots[index].faulted = false }
                    return state.slots[index].faulted
                }
                if recovered { report(.recovered(board: board.id)) }
                report(.shown(board: board.id, text: text, urgent: urgent))
                return
            case .failure(let failure):
                lastProblem = failure.message
                report(.lost(board: board.id, failure.message))
            }
        }
        let newlyFaulted = state.withLock { state -> Bool in
            state.slots[index].shown = nil
            defer { state.slots[index].faulted = true }
            return !state.slots[index].faulted
        }
        if newlyFaulted { report(.faulted(board: board.id, "无应答 / no answer after \(attempts) tries: \(lastProblem)")) }
    }

    /// One frame on the wire, paced to its wire time, then the answer and the gap. Returns
    /// the time from the first byte out to the answer's last byte in.
    private func exchange(
        _ frame: [UInt8], codec: any BoardProtocol, address: Int, timeout: Double, on transport: CountingTransport
    ) throws(TransportFailure) -> Result<Double, DiagnosticFailure> {
        let start = ContinuousClock.now
        try transport.write(frame)
        // A PTY, or a USB adapter's buffer, takes the bytes at once: the wire takes its time.
        Self.sleep(until: start + .seconds(timing.wireTime(frame.count)))
        var result: Result<Double, DiagnosticFailure> = .success(Self.seconds(start.duration(to: .now)))
        if codec.answers {
            var answer: [UInt8] = []
            let deadline = ContinuousClock.now + .seconds(timeout)
            waiting: while true {
                let left = Self.seconds(ContinuousClock.now.duration(to: deadline))
                guard left > 0 else {
                    result = .failure(
                        DiagnosticFailure(
                            message: answer.isEmpty
                                ? "no answer within \(Int(timeout * 1000)) ms" : "incomplete answer \(answer.count) bytes"))
                    break
                }
                answer += try transport.read(maximum: 256, timeoutMilliseconds: max(1, Int((left * 1000).rounded(.up))))
                switch codec.checkReply(answer, to: frame, address: address) {
                case .complete:
                    result = .success(Self.seconds(start.duration(to: .now)))
                    break waiting
                case .incomplete:
                    continue
                case .wrong(let problem):
                    result = .failure(DiagnosticFailure(message: problem))
                    // Let the rest of a garbled answer pass before the next frame.
                    _ = try transport.read(maximum: 4096, timeoutMilliseconds: max(1, Int(timing.wireTime(16) * 1000)))
                    break waiting
                }
            }
        }
        let counts = transport.takeCounts()
        report(.traffic(bytesIn: counts.bytesIn, bytesOut: counts.bytesOut, frames: 1))
        Self.sleep(until: .now + .seconds(timing.wireTime(1) * max(timing.gapCharacters, codec.minimumGapCharacters)))
        return result
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func sleep(until instant: ContinuousClock.Instant) {
        let left = seconds(ContinuousClock.now.duration(to: instant))
        if left > 0 { usleep(useconds_t(left * 1_000_000)) }
    }
}
