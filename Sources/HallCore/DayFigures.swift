import Foundation

/// One hall day's figures for the hall and per service, category, window, staff member and hour,
/// derived from that day's journal alone: the day's events replayed into a hall, each ticket
/// counted where it ended up, the pauses timed from their events. The same events give the
/// same figures, however often they are computed.
public struct DayFigures: Sendable, Equatable {
    public enum Dimension: String, CaseIterable, Sendable, Codable {
        /// The whole hall, under the key "".
        case hall, service, category, window, staff, hour
    }

    public struct Key: Hashable, Sendable {
        public var dimension: Dimension
        public var value: String

        public init(_ dimension: Dimension, _ value: String) {
            self.dimension = dimension
            self.value = value
        }
    }

    public var day: String
    public var rows: [Key: Figures]

    public init(day: String, rows: [Key: Figures]) {
        self.day = day
        self.rows = rows
    }

    /// The figures of `day` from its events in journal order, with the 工号 journaled beside
    /// each, and the bookings the booking platform made for that day.
    public static func compute(
        day: String, events: [(event: HallEvent, staff: String?)], bookings: [Appointment], definition: HallDefinition
    ) -> DayFigures {
        var hall = Hall(definition: definition)
        var rows: [Key: Figures] = [:]
        func add(_ keys: [Key], _ change: (inout Figures) -> Void) {
            for key in keys { change(&rows[key, default: Figures()]) }
        }
        // Who is signed in at each window, and each window's open pause.
        var signedIn: [Int: String] = [:]
        var pauses: [Int: (since: Date, reason: String)] = [:]
        func endPause(_ window: Int, at instant: Date) {
            guard let pause = pauses.removeValue(forKey: window) else { return }
            var keys = [Key(.hall, ""), Key(.window, "\(window)")]
            if let staff = signedIn[window] { keys.append(Key(.staff, staff)) }
            add(keys) { $0.pauseSeconds[pause.reason, default: 0] += max(0, instant.timeIntervalSince(pause.since)) }
        }
        for (event, staff) in events {
            // A past day replays under today's configuration: an event it no longer allows
            // (a service since removed) is left out rather than stopping the figures.
            try? hall.apply(event, by: staff)
            switch event {
            case .staffSignedIn(let staff, let window, _): signedIn[window] = staff
            case .staffSignedOut(_, let window, _, _): signedIn[window] = nil
            case .windowPaused(let window, let reason, let at): pauses[window] = (at, reason ?? "-")
            case .windowResumed(let window, let at): endPause(window, at: at)
            default: break
            }
        }
        if let last = events.last?.event.at { for window in pauses.keys.sorted() { endPause(window, at: last) } }

        let zone = definition.policy.timeZone
        for ticket in hall.tickets.values {
            let service = definition.service(ticket.service)
            var keys = [Key(.hall, ""), Key(.service, ticket.service), Key(.category, service?.category ?? "")]
            keys.append(Key(.hour, String(format: "%02d", LocalTime(ticket.issuedAt, in: zone).minuteOfDay / 60)))
            if let window = ticket.window { keys.append(Key(.window, "\(window)")) }
            if let staff = ticket.servedBy { keys.append(Key(.staff, staff)) }
            add(keys) { figures in
                figures.issued += 1
                switch ticket.state {
                case .finished: figures.served += 1
                case .noShow: figures.noShows += 1
                case .cancelled: figures.cancelled += 1
                default: break
                }
                if ticket.transfers > 0 { figures.transferred += 1 }
                figures.recalls += ticket.recalls
                if let waited = ticket.waited {
                    figures.waits.add(seconds: waited)
                    if let service, waited > service.overdueMinutes * 60 { figures.waitsOverLimit += 1 }
                }
                if ticket.state == .finished, let ended = ticket.endedAt, let started = ticket.servingAt ?? ticket.calledAt {
                    let seconds = ended.timeIntervalSince(started)
                    figures.serviceTimes.add(seconds: seconds)
                    if let service, seconds > service.expectedMinutes * 60 { figures.servicesOverExpected += 1 }
                }
                if let rating = ticket.evaluation?.rating { figures.ratings[rating, default: 0] += 1 }
                if ticket.appointment != nil { figures.checkedIn += 1 }
                for matter in ticket.matters { figures.outcomes[matter.outcome.rawValue, default: 0] += 1 }
            }
        }
        for booking in bookings where hall.hallDay(at: booking.start) == day {
            let category = definition.service(booking.service)?.category ?? ""
            add([Key(.hall, ""), Key(.service, booking.service), Key(.category, category)]) { $0.booked += 1 }
        }
        return DayFigures(day: day, rows: rows)
    }
}
