import Foundation

/// Everything that happens in the hall, as facts. The journal stores these (in a format of its
/// own, `StoredEvent` in HallStore, not a synthesised `Codable`); the hall's state is rebuilt by
/// applying them in order, and the event stream publishes them (as `PublicEvent`).
public enum HallEvent: Sendable, Equatable {
    /// A new hall day began; numbering restarts and yesterday's open tickets end.
    case dayOpened(day: String, at: Date)
    /// `kiosk` is where it was taken, `holder` whose it is when an ID card or a booking says so,
    /// `appointment` the booking it checked in.
    case ticketIssued(
        number: TicketNumber, service: String, priority: PriorityClass, channel: IssueChannel, at: Date,
        kiosk: String? = nil, holder: Holder? = nil, appointment: String? = nil)
    /// The window calls the ticket. A window calling the next number first finishes its current one.
    case ticketCalled(number: TicketNumber, window: Int, at: Date)
    case ticketRecalled(number: TicketNumber, window: Int, at: Date)
    case serviceStarted(number: TicketNumber, window: Int, at: Date)
    case ticketFinished(number: TicketNumber, window: Int, at: Date)
    /// What the visit handled, matter by matter with its outcome, told as the ticket is finished.
    case mattersRecorded(number: TicketNumber, window: Int, matters: [Matter], at: Date)
    case ticketNoShow(number: TicketNumber, window: Int, at: Date)
    case ticketRequeued(number: TicketNumber, queuedAt: Date, at: Date)
    case ticketTransferred(number: TicketNumber, window: Int, toService: String, at: Date)
    /// Held (挂起) at `window` until `until`: the citizen fetches a document.
    case ticketHeld(number: TicketNumber, window: Int, reason: String, until: Date, at: Date)
    /// The held ticket's citizen came back: first in line for its service.
    case ticketReturned(number: TicketNumber, at: Date)
    case ticketCancelled(number: TicketNumber, reason: String, at: Date)
    case windowPaused(window: Int, reason: String? = nil, at: Date)
    case windowResumed(window: Int, at: Date)
    /// A device changed state: plugged, unplugged, faulted, recovered. `device` is its id in
    /// the registry (the role, such as `K1.reader`, when it is bound to one).
    case deviceChanged(device: String, state: DeviceState, reason: String?, at: Date)
    /// An ID card was read at a kiosk: the holder goes with the kiosk's next ticket.
    case kioskIdentified(kiosk: String, holder: Holder, at: Date)
    /// What a kiosk must tell the citizen after a card or a scan that gave no ticket:
    /// `code` is a refusal's code, such as `appointment_too_early`.
    case kioskNotice(kiosk: String, code: String, message: String, at: Date)
    /// A ticket went to a kiosk's printer as CUPS job `job`.
    case ticketPrinted(number: TicketNumber, kiosk: String, job: Int, at: Date)
    /// The daemon's check of every device at start: how many are healthy, and each problem
    /// as "device: finding".
    case selfTest(healthy: Int, problems: [String], at: Date)
    /// The citizen rated the service of a finished ticket at `window`.
    case ticketEvaluated(number: TicketNumber, window: Int, rating: Int, reasons: [String], at: Date)
    /// An appointment imported from the booking platform (again, when it changed).
    case appointmentBooked(appointment: Appointment, at: Date)
    /// A member of staff (工号) signed in at a window.
    case staffSignedIn(staff: String, window: Int, at: Date)
    /// Their session ended: `signed out`, `signed in at window N`, `disabled`, `idle` ...
    case staffSignedOut(staff: String, window: Int, reason: String, at: Date)
    /// Too many wrong PINs: the 工号 cannot sign in until `until`.
    case staffLocked(staff: String, until: Date, at: Date)

    public var at: Date {
        switch self {
        case .dayOpened(_, let at), .ticketIssued(_, _, _, _, let at, _, _, _), .ticketCalled(_, _, let at),
            .ticketRecalled(_, _, let at), .serviceStarted(_, _, let at), .ticketFinished(_, _, let at), .mattersRecorded(_, _, _, let at),
            .ticketNoShow(_, _, let at), .ticketRequeued(_, _, let at), .ticketTransferred(_, _, _, let at),
            .ticketHeld(_, _, _, _, let at), .ticketReturned(_, let at),
            .ticketCancelled(_, _, let at), .windowPaused(_, _, let at), .windowResumed(_, let at),
            .deviceChanged(_, _, _, let at), .kioskIdentified(_, _, let at), .kioskNotice(_, _, _, let at),
            .appointmentBooked(_, let at), .ticketPrinted(_, _, _, let at), .ticketEvaluated(_, _, _, _, let at), .selfTest(_, _, let at),
            .staffSignedIn(_, _, let at), .staffSignedOut(_, _, _, let at), .staffLocked(_, _, let at):
            at
        }
    }

    /// The event's name on the event stream and in the journal, `ticket.called`.
    public var name: String {
        switch self {
        case .dayOpened: "day.opened"
        case .ticketIssued: "ticket.issued"
        case .ticketCalled: "ticket.called"
        case .ticketRecalled: "ticket.recalled"
        case .serviceStarted: "ticket.serving"
        case .ticketFinished: "ticket.finished"
        case .mattersRecorded: "ticket.matters"
        case .ticketNoShow: "ticket.no-show"
        case .ticketRequeued: "ticket.requeued"
        case .ticketTransferred: "ticket.transferred"
        case .ticketHeld: "ticket.held"
        case .ticketReturned: "ticket.returned"
        case .ticketCancelled: "ticket.cancelled"
        case .windowPaused: "window.paused"
        case .windowResumed: "window.resumed"
        case .deviceChanged: "device.changed"
        case .kioskIdentified: "kiosk.identified"
        case .kioskNotice: "kiosk.notice"
        case .appointmentBooked: "appointment.booked"
        case .ticketPrinted: "ticket.printed"
        case .ticketEvaluated: "ticket.evaluated"
        case .selfTest: "device.self-test"
        case .staffSignedIn: "staff.signed-in"
        case .staffSignedOut: "staff.signed-out"
        case .staffLocked: "staff.locked"
        }
    }

    /// The ticket the event concerns, if any.
    public var number: TicketNumber? {
        switch self {
        case .dayOpened, .windowPaused, .windowResumed, .deviceChanged, .kioskIdentified, .kioskNotice, .appointmentBooked, .selfTest,
            .staffSignedIn, .staffSignedOut, .staffLocked:
            nil
        case .ticketIssued(let number, _, _, _, _, _, _, _), .ticketCalled(let number, _, _), .ticketRecalled(let number, _, _),
            .serviceStarted(let number, _, _), .ticketFinished(let number, _, _), .ticketNoShow(let number, _, _),
            .mattersRecorded(let number, _, _, _), .ticketHeld(let number, _, _, _, _), .ticketReturned(let number, _),
            .ticketRequeued(let number, _, _), .ticketTransferred(let number, _, _, _), .ticketCancelled(let number, _, _),
            .ticketPrinted(let number, _, _, _), .ticketEvaluated(let number, _, _, _, _):
            number
        }
    }
}
