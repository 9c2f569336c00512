import Foundation
import HallDevices
import Testing

/// The bus's policy on a manual clock: no port, no sleeping.
@Suite("Bus schedule")
struct BusScheduleTests {
    /// Three boards (two retries each, as the shipped profiles), one keypad polled every 0.1 s
    /// when asked for, a refresh every 10 s, faulted after 30 s of silence.
    static func schedule(pads: [Double] = []) -> BusSchedule {
        BusSchedule(retries: [2, 2, 2], pollIntervals: pads, rules: .init(refreshInterval: 10, faultAfter: 30))
    }

    /// What the schedule sends next, as `board:text`, `poll:pad` or `wait:until`.
    static func step(_ schedule: inout BusSchedule, at now: Double) -> String {
        switch schedule.next(now: now) {
        case .send(let job): "\(job.board):\(job.text)\(job.urgent ? "!" : "")"
        case .poll(let pad): "poll:\(pad)"
        case .wait(let until): "wait:\(until)"
        }
    }

    /// Takes the next frame, which must be one, and tells the schedule its fate.
    @discardableResult
    static func send(_ schedule: inout BusSchedule, at now: Double, answered: Bool) throws -> (
        job: BusSchedule.Job, events: [BusSchedule.Event]
    ) {
        guard case .send(let job) = schedule.next(now: now) else { throw ScheduleError("no frame to send at \(now)") }
        return (job, answered ? schedule.answered(job, now: now) : schedule.missed(job, "no answer", now: now))
    }

    struct ScheduleError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test("the first refreshes are spread over one period, then each board comes again one period after its last")
    func refreshSpreading() throws {
        var schedule = Self.schedule()
        for board in 0..<3 { schedule.show("\(board + 1)号窗口", board: board, urgent: false) }
        // Updates first, in the order they came.
        #expect((0..<3).map { _ in Self.step(&schedule, at: 0) } == ["0:1号窗口", "1:2号窗口", "2:3号窗口"])
        // Nothing is sending now: the first refresh is a third of the period in.
        #expect(Self.step(&schedule, at: 0.001) == "wait:10.0")
        #expect(Self.step(&schedule, at: 10) == "0:1号窗口")
        #expect(Self.step(&schedule, at: 10) == "1:2号窗口")
        #expect(Self.step(&schedule, at: 10) == "2:3号窗口")
        #expect(Self.step(&schedule, at: 10) == "wait:20.0")
        var fresh = Self.schedule()
        #expect(Self.step(&fresh, at: 0) == "wait:3.3333333333333335")
        #expect(Self.step(&fresh, at: 3.34) == "0:")
        #expect(Self.step(&fresh, at: 3.34) == "wait:6.666666666666667")
    }

    @Test(
        "calls go before updates, refreshes and keypad polls; a pending text is replaced in place; a text shown is not sent again",
        arguments: [
            // (what is asked, in order, as board:text with ! for a call, then what goes out)
            (["0:a", "1:b!", "2:c"], ["1:b!", "0:a", "2:c"]),
            (["0:a", "0:a2", "1:b"], ["0:a2", "1:b"]),
            (["0:a", "1:b!", "1:b2!", "0:a3"], ["1:b2!", "0:a3"]),
            (["0:a", "1:b", "0:a!"], ["0:a!", "1:b"]),
        ])
    func order(asked: [String], sent: [String]) {
        var schedule = Self.schedule()
        for request in asked {
            let parts = request.split(separator: ":")
            let text = String(parts[1])
            schedule.show(text.replacingOccurrences(of: "!", with: ""), board: Int(parts[0]) ?? 0, urgent: text.hasSuffix("!"))
        }
        let out = (0..<sent.count).map { _ in Self.step(&schedule, at: 1) }
        #expect(out == sent)
        #expect(Self.step(&schedule, at: 1).hasPrefix("wait:"))
    }

    @Test("a text on the wire or shown is not sent again; a new text while one is on the wire goes after it")
    func shownAndSending() throws {
        var schedule = Self.schedule()
        schedule.show("a", board: 0, urgent: true)
        guard case .send(let first) = schedule.next(now: 1) else { throw ScheduleError("no frame") }
        let onTheWire = schedule.show("a", board: 0, urgent: true)
        let newer = schedule.show("b", board: 0, urgent: true)
        let waiting = schedule.show("b", board: 0, urgent: true)
        #expect(!onTheWire && newer && !waiting)
        _ = schedule.answered(first, now: 1.05)
        let (second, _) = try Self.send(&schedule, at: 1.05, answered: true)
        #expect(second.text == "b" && second.urgent)
        let shown = schedule.show("b", board: 0, urgent: true)
        #expect(!shown)
        #expect(Self.step(&schedule, at: 1.1).hasPrefix("wait:"))
    }

    @Test("a call's text already waiting (the hall's update came first) takes the call's time when the call's word comes")
    func callTimeArrivesLate() throws {
        var schedule = Self.schedule()
        let calledAt = Date(timeIntervalSince1970: 1_000)
        schedule.show("请A001号", board: 0, urgent: true)
        let again = schedule.show("请A001号", board: 0, urgent: true, calledAt: calledAt)
        #expect(!again)
        let (job, _) = try Self.send(&schedule, at: 1, answered: true)
        #expect(job.text == "请A001号" && job.calledAt == calledAt)
    }

    @Test("keypads are polled between frames: after calls, before other updates")
    func keypadPolls() {
        var schedule = Self.schedule(pads: [0.1])
        schedule.show("a", board: 0, urgent: false)
        schedule.show("b", board: 1, urgent: true)
        #expect(Self.step(&schedule, at: 0) == "1:b!")
        #expect(Self.step(&schedule, at: 0) == "poll:0")
        #expect(Self.step(&schedule, at: 0) == "0:a")
        #expect(Self.step(&schedule, at: 0.05) == "wait:0.1")
        #expect(Self.step(&schedule, at: 0.1) == "poll:0")
        #expect(schedule.polled(pad: 0, answered: false).isEmpty)
        #expect(schedule.polled(pad: 0, answered: false).isEmpty)
        #expect(schedule.polled(pad: 0, answered: false) == [.padFaulted(pad: 0, "无应答 / no answer to 3 polls")])
        #expect(schedule.polled(pad: 0, answered: true) == [.padRecovered(pad: 0)])
    }

    @Test(
        "a lost frame goes again at once for the board's retries, then after 0.25, 0.5, 1 and 2 s, keeping its turn, while the other boards go on"
    )
    func retryWithBackoff() throws {
        var schedule = Self.schedule()
        schedule.show("请A001号", board: 0, urgent: true)
        var now = 0.0
        var tries: [Double] = []
        while tries.count < 6 && now < 10 {
            switch schedule.next(now: now) {
            case .send(let job):
                // Each try waits 0.1 s for an answer that does not come.
                tries.append(now)
                now += 0.1
                #expect(schedule.missed(job, "no answer", now: now) == [.lost(board: 0, "no answer")])
            case .wait(let until): now = until
            case .poll: Issue.record("no keypads here")
            }
        }
        // Three frames lost: the fourth try at 0.55 s (0.3 s of answer timeouts, then 0.25 s).
        #expect(tries.map { ($0 * 100).rounded() / 100 } == [0, 0.1, 0.2, 0.55, 1.15, 2.25])
        // Meanwhile another board's call goes out at once.
        schedule.show("请A002号", board: 1, urgent: true)
        #expect(Self.step(&schedule, at: now) == "1:请A002号!")
        // And when board 0 answers, its call is shown and its misses are forgotten.
        let (job, events) = try Self.send(&schedule, at: 4.35, answered: true)
        #expect(job.text == "请A001号" && job.urgent)
        #expect(events == [.shown(board: 0, text: "请A001号", urgent: true)])
        schedule.show("请A003号", board: 0, urgent: true)
        let again = try Self.send(&schedule, at: 5, answered: false)
        #expect(again.events == [.lost(board: 0, "no answer")])
        #expect(Self.step(&schedule, at: 5) == "0:请A003号!", "the first miss after an answer goes again at once")
    }

    @Test("a newer text for a board whose frame was lost goes in its place")
    func newerTextAfterLoss() throws {
        var schedule = Self.schedule()
        schedule.show("请A001号", board: 0, urgent: true)
        guard case .send(let job) = schedule.next(now: 0) else { throw ScheduleError("no frame") }
        schedule.show("请A002号", board: 0, urgent: true)
        _ = schedule.missed(job, "no answer", now: 0.1)
        #expect(Self.step(&schedule, at: 0.1) == "0:请A002号!")
    }

    @Test(
        "a board silent for 30 s of trying is faulted, then tried once a refresh; it recovers the moment it answers, and a lone miss is forgiven by the next answer"
    )
    func faultAndRecovery() throws {
        var schedule = BusSchedule(retries: [2], rules: .init(refreshInterval: 10, faultAfter: 30))
        schedule.show("请A001号", board: 0, urgent: true)
        var now = 0.0
        var faultedAt: Double?
        while faultedAt == nil && now < 60 {
            switch schedule.next(now: now) {
            case .send(let job):
                if schedule.missed(job, "no answer", now: now).contains(where: {
                    if case .faulted(board: 0, _) = $0 { true } else { false }
                }) {
                    faultedAt = now
                }
                now += 0.1
            case .wait(let until): now = until
            case .poll: Issue.record("no keypads here")
            }
        }
        let at = try #require(faultedAt)
        #expect(at >= 30 && at < 33, "faulted at \(at) s")
        #expect(schedule.view(board: 0).faulted)
        // Faulted: no more tries until its refresh, one then.
        #expect(Self.step(&schedule, at: at + 0.1).hasPrefix("wait:"))
        guard case .send(let refresh) = schedule.next(now: at + 10) else { throw ScheduleError("no refresh for the faulted board") }
        #expect(refresh.text == "请A001号")
        #expect(schedule.missed(refresh, "no answer", now: at + 10) == [.lost(board: 0, "no answer")])
        #expect(Self.step(&schedule, at: at + 10.2).hasPrefix("wait:"))
        // It answers its next refresh: recovered and shown at once.
        guard case .send(let next) = schedule.next(now: at + 20) else { throw ScheduleError("no second refresh") }
        #expect(schedule.answered(next, now: at + 20) == [.recovered(board: 0), .shown(board: 0, text: "请A001号", urgent: false)])
        #expect(!schedule.view(board: 0).faulted)

        // One miss, then an answer: never faulted, nothing to recover from.
        var lone = Self.schedule()
        lone.show("x", board: 1, urgent: false)
        try Self.send(&lone, at: 0, answered: false)
        #expect(try Self.send(&lone, at: 0.1, answered: true).events == [.shown(board: 1, text: "x", urgent: false)])
    }

    @Test("the link coming up forgets what the boards showed; a technician's test pattern makes the board's text go again")
    func forgetting() throws {
        var schedule = Self.schedule()
        schedule.show("a", board: 0, urgent: false)
        try Self.send(&schedule, at: 0, answered: true)
        schedule.forget(board: 0)
        let (again, _) = try Self.send(&schedule, at: 0.1, answered: true)
        #expect(again.text == "a")
        schedule.linkUp()
        #expect(schedule.view(board: 0).shown == nil)
        let toSend = schedule.show("a", board: 0, urgent: false)
        #expect(toSend, "not shown any more: to be sent")
    }
}
