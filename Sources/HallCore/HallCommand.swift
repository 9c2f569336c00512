/// What a person asks of the hall: a kiosk, a window, an administrator.
public enum HallCommand: Sendable, Equatable {
    case issue(service: String, priority: PriorityClass, channel: IssueChannel)
    /// Call the next ticket to the window; its current ticket, if any, is finished first.
    case callNext(window: Int)
    case recall(window: Int)
    /// The citizen arrived at the window.
    case startService(window: Int)
    case finish(window: Int)
    case noShow(window: Int)
    case transfer(window: Int, toService: String)
    case pause(window: Int)
    case resume(window: Int)
    case requeue(number: TicketNumber)
    case cancel(number: TicketNumber)
}
