import Foundation

/// The result of a command: the events to journal (possibly a new day even when the command
/// itself was refused) and the refusal, if any.
public struct HallOutcome: Sendable, Equatable {
    public var events: [HallEvent]
    public var refusal: HallError?

    /// The events, or the refusal as an error.
    public func get() throws(HallError) -> [HallEvent] {
        if let refusal { throw refusal }
        return events
    }
}

extension Hall {
    /// The longest a ticket may be held (挂起).
    public static let longestHoldMinutes = 240

    /// The most matters one visit may record.
    public static let mattersPerVisit = 20

    /// Decides a command and applies the resulting events; `staff` is who gave it, when a
    /// signed-in person did. Every event in the outcome must be journaled, refused or not: a new
    /// hall day is opened before the command is looked at.
    public mutating func handle(_ command: HallCommand, at time: Date, by staff: String? = nil) -> HallOutcome {
        let now = max(time, lastEventAt ?? time)
        var events: [HallEvent] = []
        let today = hallDay(at: now)
        if today != day { events.append(.dayOpened(day: today, at: now)) }
        do {
            for event in events { try apply(event) }
            let decided = try decide(command, at: now)
            for event in decided { try apply(event, by: staff) }
            return HallOutcome(events: events + decided, refusal: nil)
        } catch {
            return HallOutcome(events: events, refusal: error)
        }
    }

    private mutating func decide(_ command: HallCommand, at now: Date) throws(HallError) -> [HallEvent] {
        switch command {
        case .issue(let serviceID, let priority, let channel, let kiosk):
            try checkPrinter(at: kiosk)
            guard let service = definition.service(serviceID) else { throw .unknownService(serviceID) }
            let local = LocalTime(now, in: definition.policy.timeZone)
            if let holiday = definition.calendar.holidays[local.dayNumber] {
                throw .holiday(service: service.nameZh, name: holiday)
            }
            guard service.hours.isOpen(at: local, calendar: definition.calendar) else {
                throw .serviceClosed(service: service.nameZh, hours: service.hours.description)
            }
            if let quota = service.dailyQuota, issuedToday[service.id, default: 0] >= quota {
                throw .quotaReached(service: service.nameZh, quota: quota)
            }
            let holder = kiosk.flatMap { session(at: $0, now: now) }
            if channel == .kiosk && service.requiresIDCard && holder == nil { throw .idCardRequired(service: service.nameZh) }
            try checkOneTicket(holder, for: service)
            // The card of an elderly citizen gives the green channel (绿色通道).
            let given = holder?.elderly == true && priority == .normal ? PriorityClass.green : priority
            return [
                .ticketIssued(
                    number: nextNumber(service), service: service.id, priority: given, channel: channel, at: now, kiosk: kiosk,
                    holder: holder)
            ]

        case .identify(let kiosk, let holder):
            return [.kioskIdentified(kiosk: kiosk, holder: holder, at: now)]

        case .checkIn(let key, let kiosk):
            try checkPrinter(at: kiosk)
            let appointment = try appointment(for: key, at: now)
            if let number = checkedIn[appointment.code] { throw .appointmentUsed(code: appointment.code, number: number) }
            let policy = definition.policy
            let opens = appointment.start.addingTimeInterval(-policy.checkInEarly)
            let closes = appointment.end.addingTimeInterval(policy.checkInLate)
            if now < opens {
                throw .appointmentTooEarly(code: appointment.code, opensAt: LocalTime(opens, in: policy.timeZone).clockString)
            }
            if now > closes {
                throw .appointmentTooLate(code: appointment.code, closedAt: LocalTime(closes, in: policy.timeZone).clockString)
            }
            guard let service = definition.service(appointment.service) else { throw .unknownService(appointment.service) }
            // The card read at the kiosk, if any: the booking's own holder (from the platform)
            // cannot say the citizen's age, the same person's card can.
            let card: Holder? =
                if case .holder(let tapped) = key { tapped } else { kiosk.flatMap { session(at: $0, now: now) } }
            var holder = appointment.holder ?? card
            if let card, card.key == holder?.key { holder?.elderly = card.elderly }
            try checkOneTicket(holder, for: service)
            return [
                .ticketIssued(
                    number: nextNumber(service), service: service.id, priority: holder?.elderly == true ? .green : .appointment,
                    channel: .appointment, at: now, kiosk: kiosk, holder: holder, appointment: appointment.code)
            ]

        case .importAppointments(let list):
            var events: [HallEvent] = []
            var seen: Set<String> = []
            for appointment in list {
                let code = appointment.code
                guard !code.isEmpty, code.count <= 64 else {
                    throw .appointmentInvalid(code: code, reason: "代码须为 1-64 个字符 / the code must be 1-64 characters")
                }
                guard seen.insert(code).inserted else { throw .appointmentInvalid(code: code, reason: "重复 / listed twice") }
                guard definition.service(appointment.service) != nil else { throw .unknownService(appointment.service) }
                guard appointment.start < appointment.end else {
                    throw .appointmentInvalid(code: code, reason: "开始时间须早于结束时间 / the slot must start before it ends")
                }
                if appointments[code] == appointment { continue }
                if let number = checkedIn[code] { throw .appointmentUsed(code: code, number: number) }
                events.append(.appointmentBooked(appointment: appointment, at: now))
            }
            return events

        case .callNext(let number):
            let window = try openWindow(number)
            var events = finishingCurrent(at: number, now)
            if let next = nextTicket(for: window, at: now) {
                events.append(.ticketCalled(number: next, window: number, at: now))
            }
            return events

        case .callNumber(let number, let chosen):
            let window = try openWindow(number)
            guard let ticket = tickets[chosen] else { throw .unknownTicket(chosen.description) }
            guard [.waiting, .transferred].contains(ticket.state) else {
                throw .wrongState(number: chosen, state: ticket.state, action: "指呼 called by number")
            }
            guard window.services.contains(ticket.service) else {
                throw .notServedHere(window: number, service: definition.service(ticket.service)?.nameZh ?? ticket.service)
            }
            return finishingCurrent(at: number, now) + [.ticketCalled(number: chosen, window: number, at: now)]

        case .walkIn(let number, let serviceID):
            let window = try openWindow(number)
            guard let service = definition.service(serviceID) else { throw .unknownService(serviceID) }
            guard window.services.contains(service.id) else { throw .notServedHere(window: number, service: service.nameZh) }
            let issued = try decide(.issue(service: service.id, priority: .normal, channel: .staff), at: now)
            guard case .ticketIssued(let ticket, _, _, _, _, _, _, _)? = issued.first else { return issued }
            return finishingCurrent(at: number, now) + issued + [
                .ticketCalled(number: ticket, window: number, at: now), .serviceStarted(number: ticket, window: number, at: now),
            ]

        case .recall(let window):
            let ticket = try current(at: window, in: [.called], action: "重呼 recalled")
            guard !(windows[window]?.paused ?? false) else { throw .windowPaused(window) }
            return [.ticketRecalled(number: ticket.number, window: window, at: now)]

        case .startService(let window):
            let ticket = try current(at: window, in: [.called], action: "开始办理 started")
            return [.serviceStarted(number: ticket.number, window: window, at: now)]

        case .finish(let window, let matters):
            let ticket = try current(at: window, in: [.called, .serving], action: "办结 finished")
            guard matters.count <= Self.mattersPerVisit else {
                throw .badMatters("最多 \(Self.mattersPerVisit) 项 / at most \(Self.mattersPerVisit) matters")
            }
            if let unknown = matters.first(where: { definition.service($0.service) == nil }) { throw .unknownService(unknown.service) }
            let recorded: [HallEvent] =
                matters.isEmpty ? [] : [.mattersRecorded(number: ticket.number, window: window, matters: matters, at: now)]
            return recorded + [.ticketFinished(number: ticket.number, window: window, at: now)]

        case .noShow(let window):
            let ticket = try current(at: window, in: [.called], action: "过号 marked no-show")
            let required = definition.policy.recallsBeforeNoShow
            guard ticket.recalls >= required else {
                throw .recallsRequired(number: ticket.number, required: required, done: ticket.recalls)
            }
            return [.ticketNoShow(number: ticket.number, window: window, at: now)]

        case .transfer(let window, let toService):
            let ticket = try current(at: window, in: [.called, .serving], action: "转办 transferred")
            guard definition.service(toService) != nil else { throw .unknownService(toService) }
            guard toService != ticket.service else { throw .sameService(toService) }
            return [.ticketTransferred(number: ticket.number, window: window, toService: toService, at: now)]

        case .hold(let window, let reason, let minutes):
            let ticket = try current(at: window, in: [.called, .serving], action: "挂起 held")
            let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...50).contains(reason.count) else { throw .badHold("原因须为 1–50 个字 / the reason must have 1 to 50 characters") }
            guard (1...Self.longestHoldMinutes).contains(minutes) else {
                throw .badHold("时长须为 1–\(Self.longestHoldMinutes) 分钟 / hold for 1 to \(Self.longestHoldMinutes) minutes")
            }
            return [.ticketHeld(number: ticket.number, window: window, reason: reason, until: now + Double(minutes) * 60, at: now)]

        case .returnHeld(let number):
            guard let ticket = tickets[number] else { throw .unknownTicket(number.description) }
            guard ticket.state == .held else { throw .wrongState(number: number, state: ticket.state, action: "回到队列 returned") }
            guard let until = ticket.heldUntil, until > now else { throw .holdExpired(number: number) }
            return [.ticketReturned(number: number, at: now)]

        case .expireHolds:
            return holds.filter { $0.value <= now }.keys.sorted { $0.description < $1.description }.map { number in
                .ticketNoShow(number: number, window: tickets[number]?.window ?? 0, at: now)
            }

        case .pause(let number, let reason):
            guard definition.window(number) != nil else { throw .unknownWindow(number) }
            return windows[number]?.paused == true ? [] : [.windowPaused(window: number, reason: reason, at: now)]

        case .resume(let number):
            guard definition.window(number) != nil else { throw .unknownWindow(number) }
            return windows[number]?.paused == true ? [.windowResumed(window: number, at: now)] : []

        case .evaluate(let number, let rating, let reasons):
            guard let ticket = tickets[number] else { throw .unknownTicket(number.description) }
            guard ticket.state == .finished, let window = ticket.window, let ended = ticket.endedAt else {
                throw .notEvaluable(number: number, reason: "尚未办结 / its service has not been finished")
            }
            guard ticket.evaluation == nil else { throw .notEvaluable(number: number, reason: "已评价过 / it has been rated already") }
            guard now.timeIntervalSince(ended) <= Evaluation.openFor else {
                throw .notEvaluable(number: number, reason: "已超过评价时限 / too late to rate it")
            }
            guard Evaluation.levels[rating] != nil else {
                throw .badEvaluation("评分须为 1–5 / the rating must be 1 to 5 (5 = 非常满意, 1 = 非常不满意)")
            }
            let cleaned = reasons.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            guard cleaned.count <= Evaluation.maximumReasons, cleaned.allSatisfy({ $0.count <= Evaluation.maximumReasonLength }) else {
                throw .badEvaluation(
                    "原因最多 \(Evaluation.maximumReasons) 条，每条不超过 \(Evaluation.maximumReasonLength) 字 / at most \(Evaluation.maximumReasons) reasons of \(Evaluation.maximumReasonLength) characters"
                )
            }
            return [.ticketEvaluated(number: number, window: window, rating: rating, reasons: cleaned, at: now)]

        case .requeue(let number):
            guard let ticket = tickets[number] else { throw .unknownTicket(number.description) }
            guard ticket.state == .noShow else { throw .wrongState(number: number, state: ticket.state, action: "重排 re-queued") }
            let policy = definition.policy
            guard ticket.requeues < policy.maxRequeues else {
                throw .requeueNotAllowed(number: number, reason: "已重排 \(ticket.requeues) 次 / already re-queued \(ticket.requeues) times")
            }
            let queuedAt = min(ticket.queuedAt.addingTimeInterval(policy.requeuePenalty), now)
            return [.ticketRequeued(number: number, queuedAt: queuedAt, at: now)]

        case .cancel(let number):
            guard let ticket = tickets[number] else { throw .unknownTicket(number.description) }
            guard ticket.state.isQueued else { throw .wrongState(number: number, state: ticket.state, action: "取消 cancelled") }
            return [.ticketCancelled(number: number, reason: "cancelled", at: now)]
        }
    }

    private func nextNumber(_ service: Service) -> TicketNumber {
        TicketNumber(prefix: service.prefix, sequence: (sequences[service.prefix] ?? 0) + 1)
    }

    /// The holder of the ID card read at a kiosk, while the read is recent enough to be theirs.
    private func session(at kiosk: String, now: Date) -> Holder? {
        guard let session = kioskSessions[kiosk], now.timeIntervalSince(session.at) <= definition.policy.kioskSession else { return nil }
        return session.holder
    }

    /// One person, one waiting ticket per service, unless the service allows several.
    private func checkOneTicket(_ holder: Holder?, for service: Service) throws(HallError) {
        guard let holder, !service.allowsSeveralTickets else { return }
        if let held = tickets.values.first(where: { $0.holderKey == holder.key && $0.service == service.id && $0.state.isQueued }) {
            throw .alreadyWaiting(service: service.nameZh, number: held.number)
        }
    }

    /// The booking a code or an ID card shows: by card, today's unused booking nearest to now.
    private func appointment(for key: CheckIn, at now: Date) throws(HallError) -> Appointment {
        switch key {
        case .code(let code):
            guard let appointment = appointments[code] else { throw .appointmentUnknown(code) }
            return appointment
        case .holder(let holder):
            let today = hallDay(at: now)
            let booked = appointments.values.filter { $0.holder?.key == holder.key && hallDay(at: $0.start) == today }
            let best = booked.min { a, b in
                ((checkedIn[a.code] == nil ? 0 : 1), abs(a.start.timeIntervalSince(now))) < (
                    (checkedIn[b.code] == nil ? 0 : 1), abs(b.start.timeIntervalSince(now))
                )
            }
            guard let best else { throw .appointmentUnknown(holder.maskedNumber) }
            return best
        }
    }

    /// A window calling another ticket first finishes the one it has.
    private func finishingCurrent(at window: Int, _ now: Date) -> [HallEvent] {
        windows[window]?.current.map { [.ticketFinished(number: $0, window: window, at: now)] } ?? []
    }

    private func openWindow(_ number: Int) throws(HallError) -> Window {
        guard let window = definition.window(number) else { throw .unknownWindow(number) }
        guard windows[number]?.paused != true else { throw .windowPaused(number) }
        return window
    }

    private func current(at window: Int, in states: Set<TicketState>, action: String) throws(HallError) -> Ticket {
        guard definition.window(window) != nil else { throw .unknownWindow(window) }
        guard let number = windows[window]?.current, let ticket = tickets[number] else { throw .noCurrentTicket(window: window) }
        guard states.contains(ticket.state) else { throw .wrongState(number: number, state: ticket.state, action: action) }
        return ticket
    }

    /// The ticket a window calls next. Tickets that have waited past the starvation cap come
    /// first, oldest first, whatever their class; then priority class, then queue time; a
    /// window's service preference breaks ties between equal times.
    mutating func nextTicket(for window: Window, at now: Date) -> TicketNumber? {
        // A held ticket whose citizen came back goes before everyone of its service.
        if let back = returned.first(where: { tickets[$0].map { window.services.contains($0.service) && $0.state == .waiting } ?? false }) {
            return back
        }
        let cap = definition.policy.starvationCap
        var best: (key: (Int, Int, Date, Int, Int), number: TicketNumber)?
        for (preference, service) in window.services.enumerated() {
            guard var queue = queues[service] else { continue }
            for priority in PriorityClass.allCases {
                guard let head = queue.head(priority, service: service, tickets: tickets) else { continue }
                let overdue = now.timeIntervalSince(head.queuedAt) >= cap
                let key = (overdue ? 0 : 1, overdue ? 0 : priority.rank, head.queuedAt, preference, head.ordinal)
                if best == nil || key < best!.key { best = (key, head.number) }
            }
            queues[service] = queue
        }
        return best?.number
    }

    /// A ticket cannot be issued at a kiosk whose printer is faulted: the citizen is sent to the
    /// kiosks that can print, or to a window.
    private func checkPrinter(at kiosk: String?) throws(HallError) {
        guard let kiosk, let printer = kioskPrinters[kiosk], printer.state == .faulted else { return }
        let elsewhere = kioskPrinters.filter { $0.key != kiosk && $0.value.state == .ready }.keys.sorted().map { id in
            definition.kioskNames[id].map { $0 == id ? id : "\(id)（\($0)）" } ?? id
        }
        throw .kioskPrinterFaulted(kiosk: kiosk, reason: printer.reason, elsewhere: elsewhere)
    }
}
