/// What a citizen who left a phone number is told about their ticket (短信提醒): that it is
/// almost their turn, and that they are called, with the window. Each is sent once a ticket.
public enum Reminder: Sendable, Equatable {
    case almostTurn(ahead: Int)
    case called(window: Int)

    /// The name of the kind, in the outbox's keys and the gateway's `{kind}`.
    public var kind: String {
        switch self {
        case .almostTurn: "ahead"
        case .called: "called"
        }
    }
}

extension Hall {
    /// The reminder a ticket's holder is due now: called when it is at or on its way to a
    /// window, almost their turn when `policy.notifyAhead` or fewer people are ahead of it in
    /// its queue, nothing otherwise (held, or ended). Each kind goes once a ticket: the outbox's
    /// keys see to that.
    public func reminder(for number: TicketNumber) -> Reminder? {
        guard let ticket = ticket(number) else { return nil }
        if ticket.state.isAtWindow, let window = ticket.window { return .called(window: window) }
        guard let ahead = peopleAhead(of: number), ahead <= definition.policy.notifyAhead else { return nil }
        return .almostTurn(ahead: ahead)
    }

    /// Whether a ticket is over, so that what was kept for it alone (a phone number) goes: it
    /// finished, did not come, was cancelled, or belongs to another day.
    public func hasEnded(_ number: TicketNumber) -> Bool {
        guard let ticket = ticket(number) else { return true }
        return [.finished, .noShow, .cancelled].contains(ticket.state)
    }
}
