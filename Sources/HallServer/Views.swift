import Foundation
import HallCore

/// A ticket as the API shows it.
struct TicketView: Encodable, Sendable {
    var number: String
    var service: String
    var serviceName: String
    var serviceNameEn: String
    var priority: PriorityClass
    var channel: IssueChannel
    var state: TicketState
    var issuedAt: Date
    var window: Int?
    var calledAt: Date?
    var recalls: Int
    /// People in the same queue before this ticket; nil once it has left the queue.
    var ahead: Int?
    var estimatedWaitMinutes: Int?
    var servingAt: Date?
    var endedAt: Date?
    var evaluation: Evaluation?

    init(_ ticket: Ticket, in hall: Hall, ahead: Int?) {
        let service = hall.definition.service(ticket.service)
        number = ticket.number.description
        self.service = ticket.service
        serviceName = service?.nameZh ?? ticket.service
        serviceNameEn = service?.nameEn ?? ticket.service
        priority = ticket.priority
        channel = ticket.channel
        state = ticket.state
        issuedAt = ticket.issuedAt
        window = ticket.window
        calledAt = ticket.calledAt
        recalls = ticket.recalls
        self.ahead = ahead
        servingAt = ticket.servingAt
        endedAt = ticket.endedAt
        evaluation = ticket.evaluation
        estimatedWaitMinutes = ahead.map { Int((hall.estimatedWait(service: ticket.service, ahead: $0) / 60).rounded(.up)) }
    }
}

/// A service with its queue.
struct ServiceView: Encodable, Sendable {
    var id: String
    var name: String
    var nameEn: String
    var prefix: String
    var hours: String
    var openNow: Bool
    var requiresIdCard: Bool
    var dailyQuota: Int?
    var issuedToday: Int
    var waiting: Int
    var estimatedWaitMinutes: Int
    var windows: [Int]
    var category: String
    var categoryEn: String

    init(_ service: Service, in hall: Hall, at now: Date) {
        id = service.id
        category = service.category ?? "其他事项"
        categoryEn = service.categoryEn ?? (service.category == nil ? "Other services" : "")
        name = service.nameZh
        nameEn = service.nameEn
        prefix = service.prefix
        hours = service.hours.description
        openNow = service.hours.isOpen(at: LocalTime(now, in: hall.definition.policy.timeZone))
        requiresIdCard = service.requiresIDCard
        dailyQuota = service.dailyQuota
        issuedToday = hall.day == hall.hallDay(at: now) ? hall.issuedCount(service: service.id) : 0
        waiting = hall.waitingCount(service: service.id)
        estimatedWaitMinutes = Int((hall.estimatedWait(service: service.id, ahead: waiting) / 60).rounded(.up))
        windows = hall.definition.windows.filter { $0.services.contains(service.id) }.map(\.number)
    }
}

/// A window with what it is doing.
struct WindowView: Encodable, Sendable {
    var number: Int
    var name: String
    var services: [String]
    var paused: Bool
    var current: TicketView?
    var waiting: Int

    init(_ window: Window, in hall: Hall) {
        number = window.number
        name = window.name
        services = window.services
        let state = hall.windows[window.number]
        paused = state?.paused ?? false
        current = state?.current.flatMap { hall.ticket($0) }.map { TicketView($0, in: hall, ahead: nil) }
        waiting = window.services.reduce(0) { $0 + hall.waitingCount(service: $1) }
    }
}

/// The answer to "call next": the called ticket and the one finished on the way.
struct CallView: Encodable, Sendable {
    var window: Int
    var called: TicketView
    var finished: String?
}
