import Dispatch
import Foundation
import HallProtocols
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs one RS-485 (or RS-232) bus of LED boards and keypads: its schedule (`BusSchedule`,
/// the policy: calls first, updates replaced in place, refreshes, retries with backoff, faults)
/// on a real port, one frame on the wire at a time, paced by the wire time of its bytes at the
/// configured baud and framing, then the board's answer (where the protocol has one) and a gap.
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
        /// How long a board may stay silent while it is asked before it is faulted.
        public var faultAfter: Double

        public init(
            baud: Int = 9600, bitsPerByte: Int = 10, gapCharacters: Double = 1, refreshInterval: Double = 10, faultAfter: Double = 30
        ) {
            self.baud = baud
            self.bitsPerByte = bitsPerByte
            self.gapCharacters = gapCharacters
            self.refreshInterval = refreshInterval
            self.faultAfter = faultAfter
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

    /// What a board is meant to show and what it last took, for `GET /api/v1/boards` and
    /// `hallctl boards`.
    public struct BoardView: Sendable, Equatable, Codable {
        public var bus: String
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
    /// The schedule's clock: seconds since the bus was made.
    private let origin = ContinuousClock.now

    struct State {
        var schedule: BusSchedule
        /// Per board, the daemon's own time from its newest call to its frame's first byte.
        var callMilliseconds: [Double?]
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
        let rules = BusSchedule.Rules(refreshInterval: timing.refreshInterval, faultAfter: timing.faultAfter)
        let schedule = BusSchedule(retries: boards.map(\.retries), pollIntervals: keypads.map(\.pollInterval), rules: rules)
        state = Mutex(State(schedule: schedule, callMilliseconds: boards.map { _ in nil }))
    }

    /// The board at `address` is to show `text`. `urgent` (a call) puts it before refreshes.
    /// Text the board already shows is not sent again. `calledAt`, the time of the call the
    /// text shows, lets the bus tell how long the call took to reach the wire.
    public func show(_ text: String, address: Int, urgent: Bool, calledAt: Date? = nil) {
        guard let index = boards.firstIndex(where: { $0.address == address }) else { return }
        if state.withLock({ $0.schedule.show(text, board: index, urgent: urgent, calledAt: calledAt) }) { wake.signal() }
    }

    /// What every board should show and what it took.
    public var views: [BoardView] {
        state.withLock { state in
            boards.indices.map { index in
                let slot = state.schedule.view(board: index)
                return BoardView(
                    bus: id,
                    id: boards[index].id, address: boards[index].address, wanted: slot.wanted, shown: slot.shown, faulted: slot.faulted,
                    pending: slot.pending, callMilliseconds: state.callMilliseconds[index])
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
        // Whatever a board showed before the link came up is unknown.
        state.withLock { $0.schedule.linkUp() }
        while !stopped() {
            do {
                if let diagnostic = state.withLock({ $0.diagnostics.isEmpty ? nil : $0.diagnostics.removeFirst() }) {
                    let result = try exchange(
                        diagnostic.frame, codec: diagnostic.codec, address: diagnostic.address, timeout: diagnostic.ackTimeout,
                        on: transport)
                    diagnostic.done(result)
                    // A configured board now shows the test pattern: give it its text again.
                    if let index = boards.firstIndex(where: { $0.address == diagnostic.address }) {
                        state.withLock { $0.schedule.forget(board: index) }
                    }
                    continue
                }
                switch state.withLock({ $0.schedule.next(now: now) }) {
                case .send(let job):
                    try send(job, on: transport)
                case .poll(let pad):
                    try poll(pad, on: transport)
                case .wait(let until):
                    _ = wake.wait(timeout: .now() + min(max(until - now, 0.001), 0.5))
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

    /// Seconds on the schedule's clock.
    private var now: Double { Self.seconds(origin.duration(to: .now)) }

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
        for event in state.withLock({ $0.schedule.polled(pad: index, answered: key != nil) }) { report(self.event(event)) }
        if let key, key != 0 { report(.key(keypad: pad.id, code: key)) }
        Self.sleep(until: .now + .seconds(timing.wireTime(1) * timing.gapCharacters))
    }

    /// A board's text on the wire, and what came of it.
    private func send(_ job: BusSchedule.Job, on transport: CountingTransport) throws(TransportFailure) {
        let board = boards[job.board]
        if let calledAt = job.calledAt {
            // Taken just before the frame's first byte is written.
            state.withLock { $0.callMilliseconds[job.board] = Date().timeIntervalSince(calledAt) * 1000 }
        }
        let frame = board.codec.encode(job.text, address: board.address)
        let result = try exchange(frame, codec: board.codec, address: board.address, timeout: board.ackTimeout, on: transport)
        let events = state.withLock { state in
            switch result {
            case .success: state.schedule.answered(job, now: now)
            case .failure(let failure): state.schedule.missed(job, failure.message, now: now)
            }
        }
        for event in events { report(self.event(event)) }
    }

    /// The schedule's word for a board or keypad, in the daemon's.
    private func event(_ event: BusSchedule.Event) -> Event {
        switch event {
        case .shown(let board, let text, let urgent): .shown(board: boards[board].id, text: text, urgent: urgent)
        case .lost(let board, let problem): .lost(board: boards[board].id, problem)
        case .faulted(let board, let reason): .faulted(board: boards[board].id, reason)
        case .recovered(let board): .recovered(board: boards[board].id)
        case .padFaulted(let pad, let reason): .faulted(board: keypads[pad].id, reason)
        case .padRecovered(let pad): .recovered(board: keypads[pad].id)
        }
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
