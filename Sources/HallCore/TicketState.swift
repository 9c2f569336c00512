/// Where a ticket is in its life. Every change is a `HallEvent`.
public enum TicketState: String, Sendable, Codable, CaseIterable {
    /// In the queue of its service.
    case waiting
    /// Called to a window; the citizen is on the way.
    case called
    /// At the window.
    case serving
    case finished
    /// Did not come when called (过号); may be re-queued.
    case noShow
    /// Sent on to another service (转办) and waiting in that service's queue.
    case transferred
    /// Sent from the window to fetch a document (挂起): its place is kept until it returns.
    case held
    case cancelled

    /// Whether the ticket is in a queue, waiting to be called.
    public var isQueued: Bool { self == .waiting || self == .transferred }
    /// Whether the ticket is at, or on its way to, a window.
    public var isAtWindow: Bool { self == .called || self == .serving }
}
