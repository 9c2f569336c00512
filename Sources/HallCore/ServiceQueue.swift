import Foundation
import HeapModule

/// The waiting tickets of one service, one heap per priority class, ordered by queue time.
///
/// Entries are removed lazily: a ticket that left the queue (cancelled, or re-queued with a new
/// time) keeps a stale entry that is dropped when it reaches the top. That keeps calling
/// O(log n) with a hundred thousand tickets waiting.
struct ServiceQueue: Sendable {
    struct Entry: Comparable, Sendable {
        var queuedAt: Date
        var ordinal: Int
        var number: TicketNumber

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.queuedAt, lhs.ordinal) < (rhs.queuedAt, rhs.ordinal)
        }
    }

    private var heaps: [PriorityClass: Heap<Entry>] = [:]
    private(set) var counts: [PriorityClass: Int] = [:]

    var waitingCount: Int { counts.values.reduce(0, +) }

    mutating func insert(_ ticket: Ticket) {
        heaps[ticket.priority, default: Heap()].insert(Entry(queuedAt: ticket.queuedAt, ordinal: ticket.ordinal, number: ticket.number))
        counts[ticket.priority, default: 0] += 1
    }

    /// The ticket left the queue; its entry goes stale.
    mutating func noteRemoved(_ ticket: Ticket) {
        counts[ticket.priority, default: 0] -= 1
    }

    /// The first live entry of a class, dropping stale ones on the way.
    mutating func head(_ priority: PriorityClass, service: String, tickets: [TicketNumber: Ticket]) -> Entry? {
        while let top = heaps[priority]?.min {
            if let ticket = tickets[top.number], ticket.state.isQueued, ticket.service == service,
                ticket.priority == priority, ticket.queuedAt == top.queuedAt
            {
                return top
            }
            heaps[priority]?.removeMin()
        }
        return nil
    }

    /// Live entries in no particular order, for counting who is ahead.
    func entries(service: String, tickets: [TicketNumber: Ticket]) -> [(PriorityClass, Entry)] {
        heaps.flatMap { priority, heap in
            heap.unordered.compactMap { entry in
                guard let ticket = tickets[entry.number], ticket.state.isQueued, ticket.service == service,
                    ticket.priority == priority, ticket.queuedAt == entry.queuedAt
                else { return nil }
                return (priority, entry)
            }
        }
    }
}
