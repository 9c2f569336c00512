import Foundation
import HallCore

/// What `GET /api/v1/tickets/{n}/follow` sends a citizen's phone each time their ticket moves:
/// the ticket, and how many people ahead count as "almost your turn" (`policy.notify_ahead`).
public struct FollowedTicket: Codable, Sendable, Equatable {
    public var ticket: TicketView
    public var notifyAhead: Int
    /// The guide of the ticket's service, when it has one: what to have ready.
    public var guide: ServiceGuide?

    public init(ticket: TicketView, notifyAhead: Int, guide: ServiceGuide? = nil) {
        self.ticket = ticket
        self.notifyAhead = notifyAhead
        self.guide = guide
    }
}
