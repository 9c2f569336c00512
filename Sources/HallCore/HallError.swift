/// Why the hall refused a command, in words a kiosk or a window can show.
public enum HallError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownService(String)
    case unknownWindow(Int)
    case unknownTicket(String)
    case serviceClosed(service: String, hours: String)
    case quotaReached(service: String, quota: Int)
    /// A public holiday: the hall's services are closed.
    case holiday(service: String, name: String)
    case windowPaused(Int)
    case noCurrentTicket(window: Int)
    case wrongState(number: TicketNumber, state: TicketState, action: String)
    case recallsRequired(number: TicketNumber, required: Int, done: Int)
    case requeueNotAllowed(number: TicketNumber, reason: String)
    case sameService(String)
    case badMatters(String)
    case badHold(String)
    case holdExpired(number: TicketNumber)
    /// The window does not serve this service (指呼, walk-in).
    case notServedHere(window: Int, service: String)
    case idCardRequired(service: String)
    /// The kiosk cannot print: `elsewhere` are the kiosks that can.
    case kioskPrinterFaulted(kiosk: String, reason: String, elsewhere: [String])
    case alreadyWaiting(service: String, number: TicketNumber)
    case appointmentUnknown(String)
    case appointmentUsed(code: String, number: TicketNumber)
    case appointmentTooEarly(code: String, opensAt: String)
    case appointmentTooLate(code: String, closedAt: String)
    case appointmentInvalid(code: String, reason: String)
    /// The journal holds an event that does not fit the state rebuilt so far.
    case notEvaluable(number: TicketNumber, reason: String)
    case badEvaluation(String)
    case journalInconsistent(String)

    /// A stable machine-readable code for the API.
    public var code: String {
        switch self {
        case .unknownService: "unknown_service"
        case .unknownWindow: "unknown_window"
        case .unknownTicket: "unknown_ticket"
        case .serviceClosed: "service_closed"
        case .quotaReached: "quota_reached"
        case .holiday: "holiday"
        case .windowPaused: "window_paused"
        case .noCurrentTicket: "no_current_ticket"
        case .wrongState: "wrong_state"
        case .recallsRequired: "recalls_required"
        case .requeueNotAllowed: "requeue_not_allowed"
        case .sameService: "same_service"
        case .badMatters: "bad_matters"
        case .badHold: "bad_hold"
        case .holdExpired: "hold_expired"
        case .notServedHere: "not_served_here"
        case .idCardRequired: "id_card_required"
        case .kioskPrinterFaulted: "kiosk_printer_faulted"
        case .alreadyWaiting: "already_waiting"
        case .appointmentUnknown: "appointment_unknown"
        case .appointmentUsed: "appointment_used"
        case .appointmentTooEarly: "appointment_too_early"
        case .appointmentTooLate: "appointment_too_late"
        case .appointmentInvalid: "appointment_invalid"
        case .notEvaluable: "not_evaluable"
        case .badEvaluation: "bad_evaluation"
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
        case .holiday(let service, let name):
            "今天是\(name)假期，\(service) 不办理，请节后再来 / today is a public holiday (\(name)): \(service) is closed"
        case .windowPaused(let number): "\(number) 号窗口暂停服务 / window \(number) is paused"
        case .noCurrentTicket(let window): "\(window) 号窗口当前没有号 / window \(window) has no current ticket"
        case .wrongState(let number, let state, let action):
            "\(number) 当前状态为 \(state.rawValue)，不能\(action) / ticket \(number) is \(state.rawValue) and cannot be \(action)"
        case .recallsRequired(let number, let required, let done):
            "\(number) 需重呼 \(required) 次后才能过号（已重呼 \(done) 次） / \(number) must be recalled \(required) times before no-show (recalled \(done))"
        case .requeueNotAllowed(let number, let reason): "\(number) 不能重排：\(reason) / \(number) cannot be re-queued: \(reason)"
        case .sameService(let id): "已在 \(id) 排队，无需转办 / the ticket is already queued for \(id)"
        case .badMatters(let detail): "办理事项有误：\(detail) / the matters are not valid"
        case .badHold(let detail): "挂起有误：\(detail) / the hold is not valid"
        case .holdExpired(let number): "\(number) 挂起已超时，请重新取号 / the hold on \(number) has run out: please take a new ticket"
        case .notServedHere(let window, let service): "\(window) 号窗口不办理\(service) / window \(window) does not serve \(service)"
        case .idCardRequired(let service): "\(service) 须刷身份证取号 / \(service) needs an ID card: please place it on the reader"
        case .kioskPrinterFaulted(_, let reason, let elsewhere):
            "本机打印机暂不能出票（\(reason)），"
                + (elsewhere.isEmpty
                    ? "请到窗口取号 / please ask at a window"
                    : "请到 \(elsewhere.joined(separator: "、")) 取号 / please use \(elsewhere.joined(separator: ", "))")
        case .alreadyWaiting(let service, let number):
            "您已持有 \(service) 的 \(number) 号，请等候叫号 / you already hold ticket \(number) for \(service)"
        case .appointmentUnknown(let code): "未找到预约 \(code) / no appointment \(code)"
        case .appointmentUsed(let code, let number): "预约 \(code) 已签到（\(number) 号） / appointment \(code) was already checked in as \(number)"
        case .appointmentTooEarly(let code, let opensAt):
            "预约 \(code) 尚未到签到时间，请于 \(opensAt) 后签到 / too early for appointment \(code): check in from \(opensAt)"
        case .appointmentTooLate(let code, let closedAt):
            "预约 \(code) 已过签到时间（\(closedAt) 截止），请普通取号 / too late for appointment \(code) (check-in closed at \(closedAt)): please take a normal ticket"
        case .appointmentInvalid(let code, let reason): "预约 \(code) 无效：\(reason) / appointment \(code) is invalid: \(reason)"
        case .notEvaluable(let number, let reason): "\(number) 不能评价：\(reason) / \(number) cannot be rated: \(reason)"
        case .badEvaluation(let detail): "评价有误：\(detail)"
        case .journalInconsistent(let detail): "日志与状态不一致：\(detail) / journal inconsistent: \(detail)"
        }
    }
}
