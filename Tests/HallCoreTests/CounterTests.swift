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
