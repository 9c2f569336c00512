import Foundation
import HallCore
import HallTesting
import Testing

@Suite("The queue core under random operation sequences")
struct HallPropertyTests {
    static let policy = QueuePolicy(
        starvationCap: 30 * 60, recallsBeforeNoShow: 1, maxRequeues: 2, requeuePenalty: 5 * 60, dayStartMinute: 3 * 60,
        timeZone: Fixtures.zone)

    @Test("invariants hold for random sequences", arguments: 0..<120)
    func invariants(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let definition = Fixtures.definition(policy: Self.policy, quota: 400)
        var hall = Hall(definition: definition)
        var journal: [HallEvent] = []
        var issuedPerDay: [String: Set<TicketNumber>] = [:]
        var now = Fixtures.monday(8)

        for step in 0..<400 {
            now += Double.random(in: 0...240, using: &random)
            if Int.random(in: 0..<300, using: &random) == 0 { now += 14 * 3600 }
            let command = randomCommand(hall, &random)
            let before = hall
            let outcome = hall.handle(command, at: now)
            journal += outcome.events
            let context = "seed \(seed) step \(step) \(command)"

            for event in outcome.events {
                switch event {
                case .ticketIssued(let number, _, _, _, _, _, _, _):
                    let day = hall.day ?? "?"
                    #expect(issuedPerDay[day, default: []].insert(number).inserted, "number \(number) issued twice on \(day); \(context)")
                case .ticketCalled(let number, let window, _):
                    checkCallOrder(called: number, window: window, before: before, after: hall, now: now, context: context)
                case .ticketTransferred(let number, _, _, _):
                    #expect(hall.ticket(number)?.issuedAt == before.ticket(number)?.issuedAt, "\(context)")
                    #expect(hall.ticket(number)?.queuedAt == before.ticket(number)?.queuedAt, "\(context)")
                default:
                    break
                }
            }
            if case .callNext(let window) = command, outcome.refusal == nil, !outcome.events.contains(where: { $0.name == "ticket.called" })
            {
                let waiting = definition.window(window)!.services.reduce(0) { $0 + hall.waitingCount(service: $1) }
                #expect(waiting == 0, "window \(window) found nobody while \(waiting) wait; \(context)")
            }
            checkConsistency(hall, context: context)
        }

        // The journal alone rebuilds the same hall.
        var rebuilt = Hall(definition: definition)
        for event in journal { try rebuilt.apply(event) }
        #expect(rebuilt.tickets == hall.tickets)
        #expect(rebuilt.windows == hall.windows)
        #expect(rebuilt.day == hall.day)
    }

    /// Each ticket is in exactly one place: a window holds exactly the tickets called to it,
    /// and each queue counts exactly its queued tickets.
    private func checkConsistency(_ hall: Hall, context: String) {
        for ticket in hall.tickets.values {
            if ticket.state.isAtWindow {
                #expect(ticket.window.flatMap { hall.windows[$0]?.current } == ticket.number, "\(ticket.number) at no window; \(context)")
            }
        }
        for window in hall.windows.values {
            if let current = window.current {
                let ticket = hall.ticket(current)
                #expect(
                    ticket?.state.isAtWindow == true && ticket?.window == window.number,
                    "window \(window.number) holds \(current) wrongly; \(context)")
            }
        }
        for service in hall.definition.services {
            let queued = hall.tickets.values.filter { $0.state.isQueued && $0.service == service.id }.count
            #expect(hall.waitingCount(service: service.id) == queued, "queue count of \(service.id); \(context)")
        }
    }

    /// FIFO within a priority class, classes in order, and the starvation cap.
    private func checkCallOrder(called number: TicketNumber, window: Int, before: Hall, after: Hall, now: Date, context: String) {
        guard let called = before.ticket(number), let services = before.definition.window(window)?.services else {
            Issue.record("called an unknown ticket; \(context)")
            return
        }
        let cap = Self.policy.starvationCap
        let calledOverdue = now.timeIntervalSince(called.queuedAt) >= cap
        for other in before.tickets.values where other.number != number && other.state.isQueued && services.contains(other.service) {
            let otherOverdue = now.timeIntervalSince(other.queuedAt) >= cap
            if otherOverdue {
                #expect(
                    calledOverdue && called.queuedAt <= other.queuedAt,
                    "\(other.number) waited past the cap and was passed by \(number); \(context)")
            } else if !calledOverdue {
                #expect(other.priority >= called.priority, "\(other.number) has a higher class than \(number); \(context)")
                if other.priority == called.priority {
                    #expect(called.queuedAt <= other.queuedAt, "\(number) called before earlier \(other.number) of its class; \(context)")
                }
            }
        }
    }

    func randomCommand(_ hall: Hall, _ random: inout SeededGenerator) -> HallCommand {
        let services = ["shebao", "huji", "shuiwu", "shebao", "nope"]
        let window = Int.random(in: 1...5, using: &random)  // 5 does not exist
        let queued = hall.tickets.values.filter { $0.state.isQueued }.map(\.number)
        let noShows = hall.tickets.values.filter { $0.state == .noShow }.map(\.number)
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<40:
            let priority: PriorityClass = [.normal, .normal, .normal, .normal, .appointment, .green].randomElement(using: &random)!
            return .issue(service: services.randomElement(using: &random)!, priority: priority, channel: .kiosk)
        case 40..<60: return .callNext(window: window)
        case 60..<66: return .recall(window: window)
        case 66..<70: return .startService(window: window)
        case 70..<78: return .finish(window: window)
        case 78..<83: return .noShow(window: window)
        case 83..<87: return .transfer(window: window, toService: services.randomElement(using: &random)!)
        case 87..<89: return .pause(window: window)
        case 89..<93: return .resume(window: window)
        case 93..<97: return .requeue(number: noShows.randomElement(using: &random) ?? TicketNumber(prefix: "A", sequence: 999))
        default: return .cancel(number: queued.randomElement(using: &random) ?? TicketNumber(prefix: "Z", sequence: 1))
        }
    }
}
