import Foundation
import HallCore
import Testing

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
        _ = try hall.handle(.identify(kiosk: "K1", holder: Holder(maskedName: "李*", maskedNumber: "m", key: "k2")), at: t + 4).get()
        let young = try hall.handle(.issue(service: "huji", priority: .normal, channel: .kiosk, kiosk: "K1"), at: t + 5).get()
        guard case .ticketIssued(_, _, let youngPriority, _, _, _, _, _)? = young.last else { return }
        #expect(youngPriority == .normal)
        #expect(try hall.call(1, at: t + 6) == earlier)
    }
}
