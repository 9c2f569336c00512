import Foundation
import HallCore
import Testing

@Suite("The queue core")
struct HallTests {
    @Test("numbers are prefix plus a zero-padded daily sequence")
    func numbering() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        #expect(try hall.issue("shebao", at: t).description == "A001")
        #expect(try hall.issue("shebao", at: t).description == "A002")
        #expect(try hall.issue("huji", at: t).description == "B001")
        #expect(TicketNumber(prefix: "A", sequence: 1234).description == "A1234")
        #expect(TicketNumber("A012") == TicketNumber(prefix: "A", sequence: 12))
        #expect(TicketNumber("012") == nil)
        #expect(TicketNumber("A") == nil)
    }

    @Test("numbering restarts when the hall day starts at the configured time, not at midnight")
    func dayReset() throws {
        var hall = Hall(definition: Fixtures.definition(policy: QueuePolicy(dayStartMinute: 3 * 60, timeZone: Fixtures.zone)))
        let evening = Fixtures.monday(22)
        #expect(try hall.issue("shebao", at: evening).description == "A001")
        // 01:00 the next night still belongs to Monday's hall day.
        #expect(try hall.issue("shebao", at: evening.addingTimeInterval(3 * 3600)).description == "A002")
        // 03:30 is a new day: numbering starts over and Monday's tickets are gone.
        let morning = evening.addingTimeInterval(5.5 * 3600)
        let outcome = hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk), at: morning)
        #expect(outcome.events.first == .dayOpened(day: "2026-12-01", at: morning))
        #expect(hall.ticket(TicketNumber("A001")!)?.issuedAt == morning)
        #expect(hall.waitingCount == 1)
    }

    @Test("a refused command on a new day still opens the day, so the journal sees it")
    func refusalOpensDay() {
        var hall = Hall(definition: Fixtures.definition())
        let outcome = hall.handle(.issue(service: "nope", priority: .normal, channel: .kiosk), at: Fixtures.monday(9))
        #expect(outcome.refusal == .unknownService("nope"))
        #expect(outcome.events.count == 1)
        #expect(hall.day == "2026-11-30")
    }

    @Test("green channel first, then appointments, then normal; first come first served within a class")
    func priorityOrder() throws {
        var hall = Hall(definition: Fixtures.definition())
        var t = Fixtures.monday(9)
        let normal1 = try hall.issue("shebao", .normal, at: t)
        t += 1
        let appointment = try hall.issue("shebao", .appointment, at: t)
        t += 1
        let normal2 = try hall.issue("huji", .normal, at: t)
        t += 1
        let green = try hall.issue("huji", .green, at: t)
        t += 1
        var order: [TicketNumber] = []
        while let next = try hall.call(1, at: t) { order.append(next) }
        #expect(order == [green, appointment, normal1, normal2])
    }

    @Test("a normal ticket waiting past the starvation cap goes before newer priority tickets")
    func starvationCap() throws {
        var hall = Hall(definition: Fixtures.definition(policy: QueuePolicy(starvationCap: 30 * 60, timeZone: Fixtures.zone)))
        let t = Fixtures.monday(9)
        let old = try hall.issue("shebao", .normal, at: t)
        let greens = try (1...3).map { try hall.issue("shebao", .green, at: t + Double($0) * 60) }
        // Before the cap, the green channel goes first.
        #expect(try hall.call(1, at: t + 10 * 60) == greens[0])
        // After 30 minutes the old normal ticket comes before the later green ones.
        #expect(try hall.call(1, at: t + 31 * 60) == old)
        #expect(try hall.call(1, at: t + 32 * 60) == greens[1])
    }

    @Test("recall is counted; no-show needs the configured recalls; re-queue applies the penalty once")
    func recallNoShowRequeue() throws {
        let policy = QueuePolicy(recallsBeforeNoShow: 2, maxRequeues: 1, requeuePenalty: 10 * 60, timeZone: Fixtures.zone)
        var hall = Hall(definition: Fixtures.definition(policy: policy))
        let t = Fixtures.monday(9)
        let first = try hall.issue("huji", at: t)
        let second = try hall.issue("huji", at: t + 5 * 60)
        let third = try hall.issue("huji", at: t + 15 * 60)
        #expect(try hall.call(2, at: t + 20 * 60) == first)
        #expect(hall.handle(.noShow(window: 2), at: t + 21 * 60).refusal == .recallsRequired(number: first, required: 2, done: 0))
        _ = try hall.handle(.recall(window: 2), at: t + 22 * 60).get()
        _ = try hall.handle(.recall(window: 2), at: t + 23 * 60).get()
        #expect(hall.ticket(first)?.recalls == 2)
        _ = try hall.handle(.noShow(window: 2), at: t + 24 * 60).get()
        #expect(hall.ticket(first)?.state == .noShow)
        #expect(hall.windows[2]?.current == nil)
        // Re-queued at issue time + 10 minutes: after the second ticket (t+5), before the third (t+15).
        _ = try hall.handle(.requeue(number: first), at: t + 25 * 60).get()
        #expect(hall.ticket(first)?.queuedAt == t + 10 * 60)
        #expect(try hall.call(2, at: t + 26 * 60) == second)
        #expect(try hall.call(2, at: t + 27 * 60) == first)
        _ = try hall.handle(.recall(window: 2), at: t + 28 * 60).get()
        _ = try hall.handle(.recall(window: 2), at: t + 29 * 60).get()
        _ = try hall.handle(.noShow(window: 2), at: t + 30 * 60).get()
        #expect(hall.handle(.requeue(number: first), at: t + 31 * 60).refusal?.code == "requeue_not_allowed")
        #expect(try hall.call(2, at: t + 32 * 60) == third)
    }

    @Test("a transfer keeps the original issue time in the new service's queue")
    func transferKeepsIssueTime() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        let early = try hall.issue("shebao", at: t)
        let taxLater = try hall.issue("shuiwu", at: t + 60)
        #expect(try hall.call(1, at: t + 120) == early)
        _ = try hall.handle(.transfer(window: 1, toService: "shuiwu"), at: t + 180).get()
        let moved = try #require(hall.ticket(early))
        #expect(moved.state == .transferred)
        #expect(moved.service == "shuiwu")
        #expect(moved.issuedAt == t)
        #expect(moved.queuedAt == t)
        #expect(try hall.call(3, at: t + 240) == early)
        #expect(try hall.call(3, at: t + 300) == taxLater)
        #expect(hall.handle(.transfer(window: 3, toService: "shuiwu"), at: t + 360).refusal == .sameService("shuiwu"))
    }

    @Test("a paused window cannot call; calling next finishes the current ticket")
    func pauseAndCallNext() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        let a = try hall.issue("huji", at: t)
        let b = try hall.issue("huji", at: t + 1)
        #expect(try hall.call(2, at: t + 2) == a)
        let events = try hall.handle(.callNext(window: 2), at: t + 300).get()
        #expect(events == [.ticketFinished(number: a, window: 2, at: t + 300), .ticketCalled(number: b, window: 2, at: t + 300)])
        _ = try hall.handle(.pause(window: 2), at: t + 400).get()
        #expect(hall.handle(.callNext(window: 2), at: t + 401).refusal == .windowPaused(2))
        #expect(try hall.handle(.pause(window: 2), at: t + 402).get().isEmpty)
        _ = try hall.handle(.resume(window: 2), at: t + 403).get()
        #expect(try hall.call(2, at: t + 404) == nil)
        #expect(hall.ticket(b)?.state == .finished)
    }

    @Test("over quota and out of hours are refused with the reason")
    func quotaAndHours() throws {
        let hours = OpeningHours(periods: OpeningHours.parse("08:30-12:00, 13:30-17:30")!, weekdays: [1, 2, 3, 4, 5])
        var hall = Hall(definition: Fixtures.definition(quota: 2, hours: hours))
        _ = try hall.issue("shebao", at: Fixtures.monday(9))
        _ = try hall.issue("shebao", at: Fixtures.monday(9, 1))
        let refusal = hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk), at: Fixtures.monday(9, 2)).refusal
        #expect(refusal == .quotaReached(service: "社保", quota: 2))
        #expect(refusal?.description.contains("今日号已取完") == true)
        let lunch = hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk), at: Fixtures.monday(12, 30)).refusal
        #expect(lunch == .serviceClosed(service: "社保", hours: "08:30-12:00, 13:30-17:30"))
        // Sunday 2026-11-29 is closed all day.
        let sunday = Fixtures.monday(10).addingTimeInterval(-86_400)
        hall = Hall(definition: Fixtures.definition(quota: 2, hours: hours))
        #expect(hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk), at: sunday).refusal?.code == "service_closed")
    }

    @Test("estimated wait follows the recent service times and the open windows")
    func estimatedWait() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        // Before any service time is known, the expected 20 minutes of 税务 count; windows 3 and 4 serve it.
        #expect(hall.estimatedWait(service: "shuiwu", ahead: 3) == 3 * 20 * 60 / 2)
        for index in 0..<3 { _ = try hall.issue("shuiwu", at: t + Double(index)) }
        _ = try hall.call(3, at: t + 10)
        _ = try hall.handle(.finish(window: 3), at: t + 10 + 4 * 60).get()
        // One ticket took 4 minutes; windows 3 and 4 both serve 税务.
        #expect(hall.meanServiceTime(service: "shuiwu") == 4 * 60)
        #expect(hall.openWindows(serving: "shuiwu") == 2)
        #expect(hall.estimatedWait(service: "shuiwu", ahead: 4) == 4 * 4 * 60 / 2)
        let last = try #require(TicketNumber("C003"))
        #expect(hall.peopleAhead(of: last) == 1)
    }

    @Test("local time arithmetic agrees with Foundation's calendar")
    func localTime() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Fixtures.zone
        var instant = Fixtures.monday(0).addingTimeInterval(-400 * 86_400)
        for _ in 0..<500 {
            let local = LocalTime(instant, in: Fixtures.zone)
            let components = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: instant)
            let expectedDay = String(format: "%04d-%02d-%02d", components.year!, components.month!, components.day!)
            #expect(LocalTime.dateString(dayNumber: local.dayNumber) == expectedDay)
            #expect(local.minuteOfDay == components.hour! * 60 + components.minute!)
            #expect(local.weekday == (components.weekday! + 5) % 7 + 1)
            instant += 86_400 * 0.77
        }
    }
}

@Suite("The queue core's clock")
struct HallClockTests {
    @Test("a wall clock stepped back does not put a new ticket before older ones")
    func clockSteppedBack() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        let first = try hall.issue("huji", at: t)
        let second = try hall.issue("huji", at: t - 600)
        #expect(try #require(hall.ticket(second)).issuedAt >= (try #require(hall.ticket(first))).issuedAt)
        #expect(try hall.call(2, at: t - 500) == first)
    }
}
