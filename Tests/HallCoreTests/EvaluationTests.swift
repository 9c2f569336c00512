import Foundation
import HallCore
import Testing

@Suite("Evaluations (好差评)")
struct EvaluationTests {
    @Test("a finished ticket is rated once, stored with its window; a poor rating keeps its reasons and is flagged; the journal replays it")
    func rateOnce() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        let number = try hall.issue("shebao", at: t)
        _ = try hall.call(4, at: t + 60)
        _ = try hall.handle(.finish(window: 4), at: t + 600).get()
        let events = try hall.handle(.evaluate(number: number, rating: 2, reasons: ["等候时间长", "  "]), at: t + 700).get()
        #expect(events == [.ticketEvaluated(number: number, window: 4, rating: 2, reasons: ["等候时间长"], at: t + 700)])
        let evaluation = try #require(hall.ticket(number)?.evaluation)
        #expect(evaluation.window == 4 && evaluation.needsFollowUp && evaluation.reasons == ["等候时间长"])
        #expect(throws: HallError.notEvaluable(number: number, reason: "已评价过 / it has been rated already")) {
            try hall.handle(.evaluate(number: number, rating: 5, reasons: []), at: t + 800).get()
        }
        // Rebuilt from the journal's events, the rating is there.
        var replayed = Hall(definition: Fixtures.definition())
        let all = try Self.events(of: number, at: t)
        for event in all { try replayed.apply(event) }
        #expect(replayed.ticket(number)?.evaluation?.rating == 2)
    }

    @Test("tickets not finished, ratings outside 1-5, too many reasons and late ratings are refused with their reason")
    func refusals() throws {
        var hall = Hall(definition: Fixtures.definition())
        let t = Fixtures.monday(9)
        let waiting = try hall.issue("shebao", at: t)
        #expect(throws: HallError.self) { try hall.handle(.evaluate(number: waiting, rating: 5, reasons: []), at: t).get() }
        _ = try hall.call(1, at: t + 1)
        _ = try hall.handle(.finish(window: 1), at: t + 2).get()
        for rating in [0, 6, -1] {
            #expect(throws: HallError.badEvaluation("评分须为 1–5 / the rating must be 1 to 5 (5 = 非常满意, 1 = 非常不满意)")) {
                try hall.handle(.evaluate(number: waiting, rating: rating, reasons: []), at: t + 3).get()
            }
        }
        #expect(throws: HallError.self) {
            try hall.handle(.evaluate(number: waiting, rating: 1, reasons: Array(repeating: "x", count: 6)), at: t + 3).get()
        }
        #expect(throws: HallError.self) {
            try hall.handle(.evaluate(number: waiting, rating: 1, reasons: [String(repeating: "长", count: 201)]), at: t + 3).get()
        }
        #expect(throws: HallError.unknownTicket("A999")) {
            try hall.handle(.evaluate(number: TicketNumber(prefix: "A", sequence: 999), rating: 4, reasons: []), at: t + 3).get()
        }
        #expect(throws: HallError.notEvaluable(number: waiting, reason: "已超过评价时限 / too late to rate it")) {
            try hall.handle(.evaluate(number: waiting, rating: 4, reasons: []), at: t + 2 + Evaluation.openFor + 1).get()
        }
        #expect(try hall.handle(.evaluate(number: waiting, rating: 4, reasons: []), at: t + 3).get().count == 1)
    }

    /// The events that take a ticket from issue to a rating of 2 at window 4.
    static func events(of number: TicketNumber, at t: Date) throws -> [HallEvent] {
        var hall = Hall(definition: Fixtures.definition())
        var all: [HallEvent] = []
        all += try hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk), at: t).get()
        all += try hall.handle(.callNext(window: 4), at: t + 60).get()
        all += try hall.handle(.finish(window: 4), at: t + 600).get()
        all += try hall.handle(.evaluate(number: number, rating: 2, reasons: ["等候时间长"]), at: t + 700).get()
        return all
    }
}
