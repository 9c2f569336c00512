import Foundation

extension Hall {
    public func ticket(_ number: TicketNumber) -> Ticket? { tickets[number] }

    public func waitingCount(service: String) -> Int { queues[service]?.waitingCount ?? 0 }

    public var waitingCount: Int { queues.values.reduce(0) { $0 + $1.waitingCount } }

    /// Tickets issued so far today for a service, against its quota.
    public func issuedCount(service: String) -> Int { issuedToday[service] ?? 0 }

    /// Queued tickets of the same service that rank before this one. Nil when it is not queued.
    public func peopleAhead(of number: TicketNumber) -> Int? {
        guard let ticket = tickets[number], ticket.state.isQueued, let queue = queues[ticket.service] else { return nil }
        let mine = (ticket.priority.rank, ticket.queuedAt, ticket.ordinal)
        return queue.entries(service: ticket.service, tickets: tickets).count { priority, entry in
            (priority.rank, entry.queuedAt, entry.ordinal) < mine
        }
    }

    /// Queued tickets a new ticket of this class would wait behind: cheap, from counts.
    public func peopleAhead(service: String, priority: PriorityClass) -> Int {
        guard let counts = queues[service]?.counts else { return 0 }
        return counts.reduce(0) { $0 + ($1.key <= priority ? $1.value : 0) }
    }

    /// Seconds one citizen takes at a window: the mean of recent service times, or the
    /// service's expected minutes before any are known.
    public func meanServiceTime(service: String) -> TimeInterval {
        serviceTimes[service]?.mean ?? (definition.service(service)?.expectedMinutes ?? 10) * 60
    }

    /// Windows open now that serve a service.
    public func openWindows(serving service: String) -> Int {
        definition.windows.count { $0.services.contains(service) && windows[$0.number]?.paused != true }
    }

    /// How long a citizen with `ahead` people in front can expect to wait.
    public func estimatedWait(service: String, ahead: Int) -> TimeInterval {
        Double(ahead) * meanServiceTime(service: service) / Double(max(1, openWindows(serving: service)))
    }

    /// Whether the holder of `key` has a booking on the hall day of `now`.
    public func hasBooking(holderKey key: String, at now: Date) -> Bool {
        let today = hallDay(at: now)
        return appointments.values.contains { $0.holder?.key == key && hallDay(at: $0.start) == today }
    }

    /// The tickets held (挂起) at a window, the one whose time runs out first first.
    public func held(at window: Int) -> [Ticket] {
        holds.keys.compactMap { tickets[$0] }.filter { $0.window == window }.sorted {
            ($0.heldUntil ?? .distantPast) < ($1.heldUntil ?? .distantPast)
        }
    }
}
