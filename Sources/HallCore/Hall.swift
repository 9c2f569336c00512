import Foundation

/// The hall's queue as a value: commands go in, events come out, and applying the events
/// (live, or replayed from the journal at start) gives the state. No I/O and no clock of its
/// own: every command carries the time it happens at.
public struct Hall: Sendable {
    public private(set) var definition: HallDefinition
    /// The current hall day, `2026-11-29`; nil before the first event.
    public private(set) var day: String?
    public private(set) var tickets: [TicketNumber: Ticket] = [:]
    public private(set) var windows: [Int: WindowState] = [:]
    var queues: [String: ServiceQueue] = [:]
    /// Highest sequence issued today per prefix: numbers are never reused within a day.
    var sequences: [String: Int] = [:]
    var issuedToday: [String: Int] = [:]
    var nextOrdinal = 0
    var serviceTimes: [String: ServiceTimes] = [:]
    /// Held tickets' citizens who came back, in the order they did: called before anyone else
    /// of their service.
    var returned: [TicketNumber] = []
    /// Held tickets and until when.
    var holds: [TicketNumber: Date] = [:]
    /// The ID card last read at each kiosk, waiting for the ticket taken there.
    var kioskSessions: [String: (holder: Holder, at: Date)] = [:]
    /// Booked appointments by code, kept across days until their check-in window has passed.
    public private(set) var appointments: [String: Appointment] = [:]
    /// Today's check-ins: appointment code to ticket.
    var checkedIn: [String: TicketNumber] = [:]
    /// Each kiosk's printer, as its `device.changed` events tell it: a kiosk whose printer is
    /// faulted issues no ticket, whichever way it is asked (a touch, a card, a scanned code).
    var kioskPrinters: [String: (state: DeviceState, reason: String)] = [:]
    /// The time of the latest event: the hall's clock never runs backwards, so that a wall
    /// clock stepped back cannot put a new ticket before older ones.
    public private(set) var lastEventAt: Date?

    public init(definition: HallDefinition) {
        self.definition = definition
        for window in definition.windows { windows[window.number] = WindowState(number: window.number) }
    }

    /// Takes a new definition after a configuration reload; tickets and window states stay.
    public mutating func reconfigure(_ definition: HallDefinition) {
        self.definition = definition
        for window in definition.windows where windows[window.number] == nil {
            windows[window.number] = WindowState(number: window.number)
        }
    }

    /// The hall day an instant belongs to.
    public func hallDay(at instant: Date) -> String {
        let shifted = instant.addingTimeInterval(-Double(definition.policy.dayStartMinute) * 60)
        return LocalTime.dateString(dayNumber: LocalTime(shifted, in: definition.policy.timeZone).dayNumber)
    }

    /// Applies one event, done by `staff` when a signed-in person did it. Replaying the
    /// journal calls this for every stored event, with the 工号 stored beside it.
    public mutating func apply(_ event: HallEvent, by staff: String? = nil) throws(HallError) {
        try change(by: event)
        guard let staff else { return }
        switch event {
        case .ticketCalled(let number, _, _), .ticketRecalled(let number, _, _), .serviceStarted(let number, _, _),
            .ticketFinished(let number, _, _), .ticketNoShow(let number, _, _), .ticketTransferred(let number, _, _, _):
            tickets[number]?.servedBy = staff
        default:
            break
        }
    }

    /// Who an event is journaled as done by: the person who gave the command, except a rating,
    /// which belongs to whoever served the ticket; a new day is nobody's.
    public func attribution(of event: HallEvent, by staff: String?) -> String? {
        switch event {
        case .ticketEvaluated(let number, _, _, _, _): tickets[number]?.servedBy
        case .dayOpened: nil
        default: staff
        }
    }

    private mutating func change(by event: HallEvent) throws(HallError) {
        lastEventAt = max(lastEventAt ?? event.at, event.at)
        switch event {
        case .dayOpened(let newDay, _):
            day = newDay
            tickets.removeAll(keepingCapacity: true)
            queues.removeAll()
            sequences.removeAll()
            issuedToday.removeAll()
            nextOrdinal = 0
            returned.removeAll()
            holds.removeAll()
            for number in windows.keys {
                windows[number]?.current = nil
                windows[number]?.lastFinished = nil
            }
            kioskSessions.removeAll()
            checkedIn.removeAll()
            let late = definition.policy.checkInLate
            appointments = appointments.filter { $0.value.end.addingTimeInterval(late) >= event.at }

        case .ticketIssued(let number, let service, let priority, let channel, let at, let kiosk, let holder, let appointment):
            guard tickets[number] == nil else { throw .journalInconsistent("\(number) issued twice") }
            let ticket = Ticket(
                number: number, service: service, priority: priority, channel: channel, state: .waiting,
                issuedAt: at, queuedAt: at, ordinal: nextOrdinal, recalls: 0, requeues: 0, transfers: 0,
                holderKey: holder?.key, holderName: holder?.maskedName, appointment: appointment)
            if let kiosk { kioskSessions[kiosk] = nil }
            if let appointment { checkedIn[appointment] = number }
            nextOrdinal += 1
            tickets[number] = ticket
            sequences[number.prefix] = max(sequences[number.prefix] ?? 0, number.sequence)
            issuedToday[service, default: 0] += 1
            queues[service, default: ServiceQueue()].insert(ticket)

        case .ticketCalled(let number, let window, let at):
            var ticket = try existing(number, in: [.waiting, .transferred], for: event)
            queues[ticket.service]?.noteRemoved(ticket)
            ticket.state = .called
            ticket.window = window
            ticket.calledAt = at
            ticket.recalls = 0
            tickets[number] = ticket
            windows[window, default: WindowState(number: window)].current = number
            returned.removeAll { $0 == number }

        case .ticketRecalled(let number, _, _):
            _ = try existing(number, in: [.called, .serving], for: event)
            tickets[number]?.recalls += 1

        case .serviceStarted(let number, _, let at):
            _ = try existing(number, in: [.called], for: event)
            tickets[number]?.state = .serving
            tickets[number]?.servingAt = at

        case .ticketFinished(let number, let window, let at):
            var ticket = try existing(number, in: [.called, .serving], for: event)
            ticket.state = .finished
            ticket.endedAt = at
            windows[window, default: WindowState(number: window)].lastFinished = number
            if let calledAt = ticket.calledAt {
                serviceTimes[ticket.service, default: ServiceTimes()].record(at.timeIntervalSince(calledAt))
            }
            tickets[number] = ticket
            leave(window, ticket: number)

        case .mattersRecorded(let number, _, let matters, _):
            _ = try existing(number, in: [.called, .serving], for: event)
            tickets[number]?.matters = matters

        case .ticketHeld(let number, let window, let reason, let until, _):
            var ticket = try existing(number, in: [.called, .serving], for: event)
            ticket.state = .held
            ticket.heldUntil = until
            ticket.holdReason = reason
            tickets[number] = ticket
            holds[number] = until
            leave(window, ticket: number)

        case .ticketReturned(let number, let at):
            var ticket = try existing(number, in: [.held], for: event)
            ticket.state = .waiting
            ticket.awaySeconds += at.timeIntervalSince(ticket.calledAt ?? at)
            (ticket.heldUntil, ticket.holdReason, ticket.window, ticket.calledAt, ticket.servingAt) = (nil, nil, nil, nil, nil)
            ticket.recalls = 0
            tickets[number] = ticket
            holds[number] = nil
            queues[ticket.service, default: ServiceQueue()].insert(ticket)
            returned.append(number)

        case .ticketNoShow(let number, let window, let at):
            // A hold that runs out is a no-show too.
            _ = try existing(number, in: [.called, .held], for: event)
            holds[number] = nil
            tickets[number]?.heldUntil = nil
            tickets[number]?.state = .noShow
            tickets[number]?.endedAt = at
            leave(window, ticket: number)

        case .ticketRequeued(let number, let queuedAt, _):
            var ticket = try existing(number, in: [.noShow], for: event)
            ticket.state = .waiting
            ticket.queuedAt = queuedAt
            ticket.requeues += 1
            ticket.window = nil
            ticket.endedAt = nil
            tickets[number] = ticket
            queues[ticket.service, default: ServiceQueue()].insert(ticket)

        case .ticketTransferred(let number, let window, let toService, _):
            var ticket = try existing(number, in: [.called, .serving], for: event)
            ticket.state = .transferred
            ticket.service = toService
            ticket.window = nil
            ticket.calledAt = nil
            ticket.servingAt = nil
            ticket.recalls = 0
            ticket.transfers += 1
            tickets[number] = ticket
            queues[toService, default: ServiceQueue()].insert(ticket)
            leave(window, ticket: number)

        case .ticketCancelled(let number, _, let at):
            let ticket = try existing(number, in: [.waiting, .transferred, .called, .serving, .noShow], for: event)
            if ticket.state.isQueued { queues[ticket.service]?.noteRemoved(ticket) }
            if let window = ticket.window, ticket.state.isAtWindow { leave(window, ticket: number) }
            tickets[number]?.state = .cancelled
            tickets[number]?.endedAt = at

        case .windowPaused(let window, let reason, let at):
            windows[window, default: WindowState(number: window)].paused = true
            windows[window]?.pause = (since: at, reason: reason)

        case .windowResumed(let window, _):
            windows[window, default: WindowState(number: window)].paused = false
            windows[window]?.pause = nil

        case .deviceChanged(let device, let state, let reason, _):
            // The registry keeps device health; the hall needs only its kiosks' printers.
            if device.hasSuffix(Self.printerSuffix) {
                kioskPrinters[String(device.dropLast(Self.printerSuffix.count))] = (state, reason ?? "")
            }

        case .kioskNotice, .ticketPrinted, .selfTest, .staffLocked:
            // Notices live on the kiosk's page; the journal keeps the history.
            break

        case .staffSignedIn(let staff, let window, let at):
            windows[window, default: WindowState(number: window)].signedIn = (staff, at)

        case .staffSignedOut(_, let window, _, _):
            windows[window, default: WindowState(number: window)].signedIn = nil

        case .kioskIdentified(let kiosk, let holder, let at):
            kioskSessions[kiosk] = (holder, at)

        case .ticketEvaluated(let number, let window, let rating, let reasons, let at):
            _ = try existing(number, in: [.finished], for: event)
            tickets[number]?.evaluation = Evaluation(rating: rating, reasons: reasons, window: window, at: at)

        case .appointmentBooked(let appointment, _):
            appointments[appointment.code] = appointment
        }
    }

    /// A kiosk's printer is the device `<kiosk>.printer`.
    static let printerSuffix = ".printer"

    private func existing(_ number: TicketNumber, in states: Set<TicketState>, for event: HallEvent) throws(HallError) -> Ticket {
        guard let ticket = tickets[number] else { throw .journalInconsistent("\(event.name) for unknown ticket \(number)") }
        guard states.contains(ticket.state) else {
            throw .journalInconsistent("\(event.name) for \(number) in state \(ticket.state.rawValue)")
        }
        return ticket
    }

    private mutating func leave(_ window: Int, ticket number: TicketNumber) {
        if windows[window]?.current == number { windows[window]?.current = nil }
    }
}
