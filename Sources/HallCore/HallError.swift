/// Why the hall refused a command, in words a kiosk or a window can show.
public enum HallError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownService(String)
    case unknownWindow(Int)
    case unknownTicket(String)
    case serviceClosed(service: String, hours: String)
    case quotaReached(service: String, quota: Int)
    case windowPaused(Int)
    case noCurrentTicket(window: Int)
    case wrongState(number: TicketNumber, state: TicketState, action: String)
    case recallsRequired(number: TicketNumber, required: Int, done: Int)
    case requeueNotAllowed(number: TicketNumber, reason: String)
    case sameService(String)
    /// The journal holds an event that does not fit the state rebuilt so far.
    case journalInconsistent(String)

    /// A stable machine-readable code for the API.
    public var code: String {
        switch self {
        case .unknownService: "unknown_service"
        case .unknownWindow: "unknown_window"
        case .unknownTicket: "unknown_ticket"
        case .serviceClosed: "service_closed"
        case .quotaReached: "quota_reached"
        case .windowPaused: "window_paused"
        case .noCurrentTicket: "no_current_ticket"
        case .wrongState: "wrong_state"
        case .recallsRequired: "recalls_required"
        case .requeueNotAllowed: "requeue_not_allowed"
        case .sameService: "same_service"
        case .journalInconsistent: "journal_inconsistent"
        }
    }

    /// Chinese first, then English.
    public var description: String {
        switch self {
        case .unknownService(let id): "没有该事项：\(id) / no such service: \(id)"
        case .unknownWindow(let number): "没有 \(number) 号窗口 / no window \(number)"
        case .unknownTicket(let number): "今日没有 \(number) 号 / no ticket \(number) today"
        case .serviceClosed(let service, let hours):
            "\(service) 当前不在取号时间（\(hours)） / \(service) is closed now (hours: \(hours))"
        case .quotaReached(let service, let quota):
            "\(service) 今日号已取完（限 \(quota) 号） / \(service) has reached today's quota of \(quota) tickets"
        case .windowPaused(let number): "\(number) 号窗口暂停服务 / window \(number) is paused"
        case .noCurrentTicket(let window): "\(window) 号窗口当前没有号 / window \(window) has no current ticket"
        case .wrongState(let number, let state, let action):
            "\(number) 当前状态为 \(state.rawValue)，不能\(action) / ticket \(number) is \(state.rawValue) and cannot be \(action)"
        case .recallsRequired(let number, let required, let done):
            "\(number) 需重呼 \(required) 次后才能过号（已重呼 \(done) 次） / \(number) must be recalled \(required) times before no-show (recalled \(done))"
        case .requeueNotAllowed(let number, let reason): "\(number) 不能重排：\(reason) / \(number) cannot be re-queued: \(reason)"
        case .sameService(let id): "已在 \(id) 排队，无需转办 / the ticket is already queued for \(id)"
        case .journalInconsistent(let detail): "日志与状态不一致：\(detail) / journal inconsistent: \(detail)"
        }
    }
}
