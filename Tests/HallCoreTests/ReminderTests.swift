import Foundation
import HallCore
import Testing

@Suite("Text reminders: which one a ticket is due")
struct ReminderTests {
    @Test("nothing while more than notify_ahead wait ahead; almost at 3 ahead; called with the window; ended when finished")
    func dueInTurn() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        for minute in 0..<4 { _ = try hall.issue("shebao", at: t + Double(minute) * 60) }
        let a005 = try hall.issue("shebao", at: t + 300)
        #expect(hall.reminder(for: a005) == nil)
        _ = try hall.call(1, at: t + 400)
        #expect(hall.reminder(for: a005) == .almostTurn(ahead: 3))
        // A ticket of another service, called meanwhile, changes nothing.
        _ = try hall.issue("huji", at: t + 410)
        _ = try hall.call(2, at: t + 420)
        #expect(hall.reminder(for: a005) == .almostTurn(ahead: 3))
        for minute in 1...3 {
            _ = try hall.handle(.finish(window: 1), at: t + 400 + Double(minute) * 60).get()
            _ = try hall.call(1, at: t + 410 + Double(minute) * 60)
        }
        #expect(hall.reminder(for: a005) == .almostTurn(ahead: 0))
        #expect(try hall.call(4, at: t + 800) == a005)
        #expect(hall.reminder(for: a005) == .called(window: 4))
        #expect(!hall.hasEnded(a005))
        _ = try hall.handle(.finish(window: 4), at: t + 900).get()
        #expect(hall.reminder(for: a005) == nil && hall.hasEnded(a005))
        #expect(hall.hasEnded(TicketNumber("A999")!))
    }

    @Test("a held ticket is due nothing; back, it is due to be called first")
    func heldAndBack() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        let a001 = try hall.issue("shebao", at: t)
        _ = try hall.issue("shebao", at: t + 60)
        _ = try hall.call(1, at: t + 120)
        _ = try hall.handle(.hold(window: 1, reason: "补材料", minutes: 30), at: t + 180).get()
        #expect(hall.reminder(for: a001) == nil && !hall.hasEnded(a001))
        _ = try hall.handle(.returnHeld(number: a001), at: t + 600).get()
        #expect(hall.reminder(for: a001) == .almostTurn(ahead: 0))
        #expect(try hall.call(4, at: t + 700) == a001)
        #expect(hall.reminder(for: a001) == .called(window: 4))
    }
}
