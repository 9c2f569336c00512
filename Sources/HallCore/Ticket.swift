import Foundation

/// A queue ticket (号票) of the current hall day.
public struct Ticket: Sendable, Equatable, Codable {
    public var number: TicketNumber
    /// The service it is queued for now (after a transfer, the new one).
    public var service: String
    public var priority: PriorityClass
    public var channel: IssueChannel
    public var state: TicketState
    public var issuedAt: Date
    /// The time it ranks by in its queue: the issue time, kept across transfers,
    /// moved later by the penalty when a no-show is re-queued.
    public var queuedAt: Date
    /// Order of issue within the day; breaks ties between equal times.
    public var ordinal: Int
    public var window: Int?
    public var calledAt: Date?
    public var servingAt: Date?
    public var endedAt: Date?
    public var recalls: Int
    public var requeues: Int
    public var transfers: Int
    /// The keyed hash of the holder's ID number, when known: one person, one waiting ticket per service.
    public var holderKey: String?
    /// The holder's masked name (张*三), when an ID card or a booking gave one.
    public var holderName: String?
    /// The booking this ticket checked in.
    public var appointment: String?
    /// The citizen's rating, once given.
    public var evaluation: Evaluation?
    /// The 工号 of who called and served it at a window, when someone signed in did.
    public var servedBy: String?
    /// What the visit handled, when the window said so as it finished.
    public var matters: [Matter] = []
    /// While held (挂起): until when, and why.
    public var heldUntil: Date?
    public var holdReason: String?
    /// Time since it was issued that was not waiting: at a window, or held, before it returned.
    public var awaySeconds: TimeInterval = 0

    /// How long it waited to be called, held time and time at a window before a hold left out.
    public var waited: TimeInterval? { calledAt.map(waited(until:)) }

    /// How long it has waited by `instant`, held time and time at a window before a hold left out.
    public func waited(until instant: Date) -> TimeInterval { instant.timeIntervalSince(issuedAt) - awaySeconds }
}
