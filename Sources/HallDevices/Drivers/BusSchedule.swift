import Foundation

/// The policy of one RS-485 bus of LED boards and keypads, as a value: what goes on the wire
/// next, and what each answer or silence means for a board. Time comes in as seconds on a
/// monotonic clock; `BoardBus` performs the actions on a real port and tells the outcome, and
/// the tests drive it with a clock of their own.
///
/// - Calls (urgent texts) go first, in the order they came; then a keypad whose poll is due;
///   then other updates; then the board whose refresh is most overdue.
/// - A board's text that has not gone out yet is replaced in place by a newer one (it keeps its
///   turn), never sent stale; a text the board already shows is not sent again.
/// - Every board is sent what it should show once per refresh period, the first refreshes
///   spread over one period, so a board that restarts blank is right again within a period.
/// - A lost frame is sent again: at once for the board's `retries`, then after a backoff that
///   doubles from `firstBackoff` up to `longestBackoff`, keeping its turn, until it is shown.
///   The other boards go on meanwhile.
/// - A board that has answered nothing for `faultAfter` seconds of trying is faulted; it then
///   gets one try per refresh, and is recovered the moment it answers. Any answer resets its
///   misses (the registry's degraded becomes ready again on `shown`).
public struct BusSchedule: Sendable {
    public struct Rules: Sendable, Equatable {
        /// How often every board is sent what it should show.
        public var refreshInterval: Double
        /// How long a board may stay silent while it is asked before it is faulted.
        public var faultAfter: Double
        public var firstBackoff: Double
        public var longestBackoff: Double

        public init(refreshInterval: Double = 10, faultAfter: Double = 30, firstBackoff: Double = 0.25, longestBackoff: Double = 2) {
            self.refreshInterval = refreshInterval
            self.faultAfter = faultAfter
            self.firstBackoff = firstBackoff
            self.longestBackoff = longestBackoff
        }
    }

    /// A board's text taken for the wire.
    public struct Job: Sendable, Equatable {
        public var board: Int
        public var text: String
        public var urgent: Bool
        /// When the call this text shows was made, if it shows one.
        public var calledAt: Date?
        /// Its turn among the updates, kept when it is sent again.
        var order: Int
    }

    public enum Action: Sendable, Equatable {
        case send(Job)
        case poll(pad: Int)
        /// Nothing to do before this time (or before a new text comes).
        case wait(until: Double)
    }

    /// What an outcome means, for the daemon.
    public enum Event: Sendable, Equatable {
        case shown(board: Int, text: String, urgent: Bool)
        case lost(board: Int, String)
        case faulted(board: Int, String)
        case recovered(board: Int)
        case padFaulted(pad: Int, String)
        case padRecovered(pad: Int)
    }

    struct Slot: Equatable {
        var retries: Int
        var wanted = ""
        var shown: String?
        /// The text on its way to the board now.
        var sending: String?
        /// Its turn (lower first) while an update waits; nil when nothing is pending.
        var pending: Int?
        var urgent = false
        var calledAt: Date?
        var nextRefresh: Double
        /// A lost frame's next try waits until then.
        var retryAt: Double?
        var misses = 0
        var silentSince: Double?
        var faulted = false
    }

    struct Pad: Equatable {
        var interval: Double
        var nextPoll: Double
        var misses = 0
        var faulted = false
    }

    /// Polls missed in a row before a keypad is faulted.
    public static let padFaultAfter = 3

    public let rules: Rules
    private(set) var slots: [Slot]
    private(set) var pads: [Pad]
    private var sequence = 0

    /// `retries[i]`: how often board i's lost frame is sent again at once; `pollIntervals[j]`:
    /// how often keypad j is asked for a key. Time starts at `now`.
    public init(retries: [Int], pollIntervals: [Double] = [], rules: Rules, now: Double = 0) {
        self.rules = rules
        slots = retries.indices.map { index in
            Slot(retries: retries[index], nextRefresh: now + rules.refreshInterval * Double(index + 1) / Double(retries.count))
        }
        pads = pollIntervals.map { Pad(interval: $0, nextPoll: now) }
    }

    // MARK: What the boards should show

    /// Board `board` is to show `text`; `urgent` (a call) puts it before refreshes. Returns
    /// whether anything is to be sent.
    @discardableResult
    public mutating func show(_ text: String, board: Int, urgent: Bool, calledAt: Date? = nil) -> Bool {
        var slot = slots[board]
        // Nothing new: the text is shown, on its way, or waiting (as urgent as asked). A call's
        // text that is waiting already (the hall's update came before the call's own word)
        // still learns when the call was made.
        let waiting = slot.pending != nil && (slot.urgent || !urgent)
        if text == slot.wanted && waiting { slots[board].calledAt = slot.calledAt ?? calledAt }
        if text == slot.wanted && (waiting || slot.shown == text || slot.sending == text) { return false }
        slot.wanted = text
        if slot.shown == text && slot.sending == nil {
            slot.pending = nil
            slot.urgent = false
        } else {
            // An update already waiting keeps its turn and takes the new text.
            if slot.pending == nil {
                sequence += 1
                slot.pending = sequence
            }
            slot.urgent = slot.urgent || urgent
            slot.calledAt = calledAt ?? slot.calledAt
        }
        slots[board] = slot
        return true
    }

    /// What board `board` shows is unknown (the link came up, a technician's test pattern):
    /// it is sent its text on its turn.
    public mutating func forget(board: Int) {
        slots[board].shown = nil
        if slots[board].pending == nil {
            sequence += 1
            slots[board].pending = sequence
        }
    }

    /// The link came up: whatever the boards showed is unknown; each gets its text at its
    /// next refresh.
    public mutating func linkUp() {
        for index in slots.indices { slots[index].shown = nil }
    }

    // MARK: What goes on the wire next

    public mutating func next(now: Double) -> Action {
        if let job = take(urgentOnly: true, now: now) { return .send(job) }
        if let pad = pads.indices.filter({ pads[$0].nextPoll <= now }).min(by: { pads[$0].nextPoll < pads[$1].nextPoll }) {
            pads[pad].nextPoll = now + pads[pad].interval
            return .poll(pad: pad)
        }
        if let job = take(urgentOnly: false, now: now) { return .send(job) }
        // A board with an update waits out its backoff; any other, its refresh.
        let boards = slots.map { $0.pending != nil ? ($0.retryAt ?? now) : $0.nextRefresh }
        return .wait(until: (boards + pads.map(\.nextPoll)).min() ?? now + rules.refreshInterval)
    }

    /// Pending calls by turn, then other pending updates by turn, then the most overdue refresh;
    /// a board waiting out a backoff is skipped until its time.
    private mutating func take(urgentOnly: Bool, now: Double) -> Job? {
        let ready = slots.indices.filter { slots[$0].pending != nil && (slots[$0].retryAt ?? now) <= now }
        let byTurn = { (a: Int, b: Int) in self.slots[a].pending! < self.slots[b].pending! }
        var chosen = ready.filter { slots[$0].urgent }.min(by: byTurn)
        if chosen == nil && !urgentOnly {
            chosen =
                ready.min(by: byTurn)
                ?? slots.indices.filter { slots[$0].nextRefresh <= now && slots[$0].pending == nil }.min {
                    slots[$0].nextRefresh < slots[$1].nextRefresh
                }
        }
        guard let index = chosen else { return nil }
        let slot = slots[index]
        if slot.pending == nil {
            sequence += 1
        }
        let job = Job(board: index, text: slot.wanted, urgent: slot.urgent, calledAt: slot.calledAt, order: slot.pending ?? sequence)
        slots[index].pending = nil
        slots[index].urgent = false
        slots[index].calledAt = nil
        slots[index].retryAt = nil
        slots[index].sending = slot.wanted
        slots[index].nextRefresh = now + rules.refreshInterval
        return job
    }

    // MARK: What came of it

    /// The board took `job`'s frame (answered it, or its protocol has no answers).
    public mutating func answered(_ job: Job, now: Double) -> [Event] {
        var slot = slots[job.board]
        slot.sending = nil
        slot.shown = job.text
        slot.misses = 0
        slot.silentSince = nil
        let recovered = slot.faulted
        slot.faulted = false
        slots[job.board] = slot
        return (recovered ? [.recovered(board: job.board)] : []) + [.shown(board: job.board, text: job.text, urgent: job.urgent)]
    }

    /// `job`'s frame got no answer, or a wrong one.
    public mutating func missed(_ job: Job, _ problem: String, now: Double) -> [Event] {
        var slot = slots[job.board]
        var events: [Event] = [.lost(board: job.board, problem)]
        slot.sending = nil
        slot.shown = nil
        slot.misses += 1
        let silentSince = slot.silentSince ?? now
        slot.silentSince = silentSince
        if !slot.faulted && now - silentSince >= rules.faultAfter {
            slot.faulted = true
            events.append(.faulted(board: job.board, "无应答 / no answer for \(Int(now - silentSince)) s: \(problem)"))
        }
        // A faulted board waits for its refresh (unless a newer text came): one try each, so
        // that the rest of the bus does not wait for it. Any other goes again in its turn.
        if !slot.faulted || slot.pending != nil {
            if slot.pending == nil {
                slot.pending = job.order
                slot.calledAt = job.calledAt
            }
            slot.urgent = slot.urgent || job.urgent
            if !slot.faulted { slot.retryAt = now + backoff(misses: slot.misses, retries: slot.retries) }
        }
        slots[job.board] = slot
        return events
    }

    /// The wait before the next try after `misses` lost frames in a row.
    func backoff(misses: Int, retries: Int) -> Double {
        guard misses > retries else { return 0 }
        return min(rules.firstBackoff * pow(2, Double(misses - retries - 1)), rules.longestBackoff)
    }

    /// A keypad answered its poll (`key` nil: it did not).
    public mutating func polled(pad: Int, answered: Bool) -> [Event] {
        if answered {
            defer { pads[pad].misses = 0 }
            guard pads[pad].faulted else { return [] }
            pads[pad].faulted = false
            return [.padRecovered(pad: pad)]
        }
        pads[pad].misses += 1
        guard pads[pad].misses >= Self.padFaultAfter, !pads[pad].faulted else { return [] }
        pads[pad].faulted = true
        return [.padFaulted(pad: pad, "无应答 / no answer to \(Self.padFaultAfter) polls")]
    }

    // MARK: For hallctl boards

    public struct SlotView: Sendable, Equatable {
        public var wanted: String
        public var shown: String?
        public var faulted: Bool
        public var pending: Bool
    }

    public func view(board: Int) -> SlotView {
        let slot = slots[board]
        return SlotView(wanted: slot.wanted, shown: slot.shown, faulted: slot.faulted, pending: slot.pending != nil)
    }
}
