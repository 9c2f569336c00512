import Foundation
import HallCore
import Testing

/// What staff do at the counter besides calling the next number: call a chosen one (指呼), and
/// serve a citizen standing there (walk-in).
@Suite("At the counter: 指呼 and walk-ins")
struct CounterTests {
    @Test("指呼 calls a chosen waiting ticket out of turn, finishing the window's current one; the rest keep their order")
    func callChosen() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        let b001 = try hall.issue("huji", at: t)
        let b002 = try hall.issue("huji", at: t + 1)
        let a001 = try hall.issue("shebao", at: t + 2)
        #expect(try hall.call(1, at: t + 10) == b001)
        let events = try hall.handle(.callNumber(window: 1, number: a001), at: t + 20).get()
        #expect(events == [.ticketFinished(number: b001, window: 1, at: t + 20), .ticketCalled(number: a001, window: 1, at: t + 20)])
        #expect(hall.ticket(a001)?.state == .called)
        #expect(try hall.call(2, at: t + 30) == b002)
        #expect(hall.waitingCount == 0)
    }

    @Test(
        "指呼 is refused, with the reason, for a ticket the window does not serve, one already called elsewhere, an unknown one, and at a paused window"
    )
    func callChosenRefused() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        let a001 = try hall.issue("shebao", at: t)
        let b001 = try hall.issue("huji", at: t)
        let refused = hall.handle(.callNumber(window: 2, number: a001), at: t + 1).refusal
        #expect(refused == .notServedHere(window: 2, service: "社保"))
        #expect(refused?.description == "2 号窗口不办理社保 / window 2 does not serve 社保")
        #expect(try hall.call(2, at: t + 2) == b001)
        #expect(hall.handle(.callNumber(window: 1, number: b001), at: t + 3).refusal?.code == "wrong_state")
        #expect(hall.handle(.callNumber(window: 1, number: TicketNumber("A099")!), at: t + 3).refusal == .unknownTicket("A099"))
        _ = try hall.handle(.pause(window: 4), at: t + 4).get()
        #expect(hall.handle(.callNumber(window: 4, number: a001), at: t + 5).refusal == .windowPaused(4))
        #expect(hall.ticket(a001)?.state == .waiting)
    }

    @Test("a walk-in is issued, called and started at once at the window, as a staff ticket that the quota counts")
    func walkIn() throws {
        var hall = Hall(definition: Fixtures.definition(quota: 1))
        let t = Fixtures.monday(9)
        let events = try hall.handle(.walkIn(window: 4, service: "shebao"), at: t).get()
        let a001 = TicketNumber("A001")!
        #expect(
            events == [
                .dayOpened(day: "2026-11-30", at: t),
                .ticketIssued(number: a001, service: "shebao", priority: .normal, channel: .staff, at: t),
                .ticketCalled(number: a001, window: 4, at: t), .serviceStarted(number: a001, window: 4, at: t),
            ])
        #expect(hall.ticket(a001)?.state == .serving && hall.windows[4]?.current == a001)
        #expect(hall.handle(.walkIn(window: 1, service: "shebao"), at: t + 1).refusal?.code == "quota_reached")
        #expect(hall.handle(.walkIn(window: 2, service: "shebao"), at: t + 1).refusal == .notServedHere(window: 2, service: "社保"))
        // A second walk-in at the same window finishes the first.
        let b001 = TicketNumber("B001")!
        #expect(
            try hall.handle(.walkIn(window: 4, service: "huji"), at: t + 60).get().first
                == .ticketFinished(number: a001, window: 4, at: t + 60))
        #expect(hall.ticket(a001)?.state == .finished && hall.windows[4]?.current == b001)
    }
}

@Suite("Matters and outcomes per visit")
struct MatterTests {
    @Test(
        "finishing with matters records each with its outcome on the ticket, before it is finished; unknown services and too many are refused"
    )
    func matters() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        let a001 = try hall.issue("shebao", at: t)
        _ = try hall.call(4, at: t + 10)
        let matters = [Matter(service: "shebao", outcome: .completed), Matter(service: "shuiwu", outcome: .correctionNotice)]
        #expect(
            hall.handle(.finish(window: 4, matters: [Matter(service: "nope", outcome: .completed)]), at: t + 20).refusal
                == .unknownService("nope"))
        let tooMany = Array(repeating: Matter(service: "huji", outcome: .consultation), count: Hall.mattersPerVisit + 1)
        #expect(hall.handle(.finish(window: 4, matters: tooMany), at: t + 20).refusal?.code == "bad_matters")
        #expect(hall.ticket(a001)?.state == .called)
        let events = try hall.handle(.finish(window: 4, matters: matters), at: t + 30).get()
        #expect(
            events == [
                .mattersRecorded(number: a001, window: 4, matters: matters, at: t + 30),
                .ticketFinished(number: a001, window: 4, at: t + 30),
            ])
        #expect(hall.ticket(a001)?.matters == matters && hall.ticket(a001)?.state == .finished)
        // Without matters, finishing is as it was.
        _ = try hall.issue("huji", at: t + 40)
        _ = try hall.call(4, at: t + 50)
        #expect(try hall.handle(.finish(window: 4), at: t + 60).get().count == 1)
    }
}

@Suite("Holds (挂起): a citizen sent for a document keeps their place")
struct HoldTests {
    @Test("a held ticket leaves the window, and on its return is called next at any window of its service, before older tickets")
    func heldAndReturned() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        let a001 = try hall.issue("shebao", at: t)
        let a002 = try hall.issue("shebao", at: t + 60)
        let a003 = try hall.issue("shebao", at: t + 120)
        #expect(try hall.call(1, at: t + 300) == a001)
        let held = try hall.handle(.hold(window: 1, reason: "补材料", minutes: 30), at: t + 400).get()
        #expect(held == [.ticketHeld(number: a001, window: 1, reason: "补材料", until: t + 400 + 1800, at: t + 400)])
        #expect(hall.ticket(a001)?.state == .held && hall.windows[1]?.current == nil)
        #expect(try hall.call(1, at: t + 500) == a002)
        #expect(try hall.handle(.returnHeld(number: a001), at: t + 1000).get() == [.ticketReturned(number: a001, at: t + 1000)])
        // Back: before A003, which has waited longer in the queue, and at another window of 社保.
        #expect(try hall.call(4, at: t + 1100) == a001)
        #expect(try hall.call(4, at: t + 1200) == a003)
    }

    @Test("held time, and time at the window before the hold, are not counted as waiting")
    func heldTimeIsNotWaiting() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        let a001 = try hall.issue("shebao", at: t)
        _ = try hall.call(1, at: t + 300)  // waited 5 minutes
        _ = try hall.handle(.startService(window: 1), at: t + 360)
        _ = try hall.handle(.hold(window: 1, reason: "补材料", minutes: 60), at: t + 600)
        _ = try hall.handle(.returnHeld(number: a001), at: t + 2400)
        _ = try hall.call(1, at: t + 2460)  // and 1 minute after coming back
        #expect(hall.ticket(a001)?.waited == 360)
    }

    @Test("a hold that runs out becomes a no-show; its return is then refused; a hold needs a reason and a sensible length")
    func expiry() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        let a001 = try hall.issue("shebao", at: t)
        _ = try hall.call(1, at: t + 10)
        #expect(hall.handle(.hold(window: 1, reason: " ", minutes: 30), at: t + 20).refusal?.code == "bad_hold")
        #expect(hall.handle(.hold(window: 1, reason: "补材料", minutes: 0), at: t + 20).refusal?.code == "bad_hold")
        _ = try hall.handle(.hold(window: 1, reason: "补材料", minutes: 30), at: t + 20)
        #expect(try hall.handle(.expireHolds, at: t + 20 + 1799).get().isEmpty)
        #expect(hall.handle(.returnHeld(number: a001), at: t + 20 + 1801).refusal == .holdExpired(number: a001))
        #expect(try hall.handle(.expireHolds, at: t + 20 + 1801).get() == [.ticketNoShow(number: a001, window: 1, at: t + 20 + 1801)])
        #expect(hall.ticket(a001)?.state == .noShow)
        #expect(try hall.handle(.expireHolds, at: t + 4000).get().isEmpty)
        #expect(hall.handle(.returnHeld(number: a001), at: t + 4000).refusal?.code == "wrong_state")
    }
}

@Suite("The green channel for elderly card holders")
struct ElderlyPriorityTests {
    @Test("an elderly holder's card at the kiosk gives a green ticket, ahead of those waiting; a younger holder's a normal one")
    func green() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        let earlier = try hall.issue("shebao", at: t)
        _ = try hall.handle(
            .identify(kiosk: "K1", holder: Holder(maskedName: "王*", maskedNumber: "m", key: "k1", elderly: true)), at: t + 1)
        let issued = try hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk, kiosk: "K1"), at: t + 2).get()
        guard case .ticketIssued(let number, _, let priority, _, _, _, let holder?, _)? = issued.last else {
            Issue.record("no ticket: \(issued)")
            return
        }
        #expect(priority == .green && holder.elderly)
        #expect(try hall.call(1, at: t + 3) == number)
        _ = try hall.handle(.identify(kiosk: "K1", holder: Holder(maskedName: "李*", maskedNumber: "m", key: "k2")), at: t + 4)
        let young = try hall.handle(.issue(service: "huji", priority: .normal, channel: .kiosk, kiosk: "K1"), at: t + 5).get()
        guard case .ticketIssued(_, _, let youngPriority, _, _, _, _, _)? = young.last else { return }
        #expect(youngPriority == .normal)
        #expect(try hall.call(1, at: t + 6) == earlier)
    }
}
