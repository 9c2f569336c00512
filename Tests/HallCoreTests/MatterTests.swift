import Foundation
import HallCore
import Testing

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
