import Foundation
import HallCore
import Testing

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
        _ = try hall.handle(.startService(window: 1), at: t + 360).get()
        _ = try hall.handle(.hold(window: 1, reason: "补材料", minutes: 60), at: t + 600).get()
        _ = try hall.handle(.returnHeld(number: a001), at: t + 2400).get()
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
        _ = try hall.handle(.hold(window: 1, reason: "补材料", minutes: 30), at: t + 20).get()
        #expect(try hall.handle(.expireHolds, at: t + 20 + 1799).get().isEmpty)
        #expect(hall.handle(.returnHeld(number: a001), at: t + 20 + 1801).refusal == .holdExpired(number: a001))
        #expect(try hall.handle(.expireHolds, at: t + 20 + 1801).get() == [.ticketNoShow(number: a001, window: 1, at: t + 20 + 1801)])
        #expect(hall.ticket(a001)?.state == .noShow)
        #expect(try hall.handle(.expireHolds, at: t + 4000).get().isEmpty)
        #expect(hall.handle(.returnHeld(number: a001), at: t + 4000).refusal?.code == "wrong_state")
    }
}
