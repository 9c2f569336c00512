import Foundation
import HallAPIModels
import HallCore

/// The API's views of the hall, built from its state.
extension TicketView {
    init(_ ticket: Ticket, in hall: Hall, ahead: Int?) {
        let service = hall.definition.service(ticket.service)
        self.init(
            number: ticket.number.description, service: ticket.service, serviceName: service?.nameZh ?? ticket.service,
            serviceNameEn: service?.nameEn ?? ticket.service, priority: ticket.priority, channel: ticket.channel, state: ticket.state,
            issuedAt: ticket.issuedAt, window: ticket.window, calledAt: ticket.calledAt, recalls: ticket.recalls, ahead: ahead,
            estimatedWaitMinutes: ahead.map { Int((hall.estimatedWait(service: ticket.service, ahead: $0) / 60).rounded(.up)) },
            servingAt: ticket.servingAt, endedAt: ticket.endedAt, evaluation: ticket.evaluation, servedBy: ticket.servedBy,
            matters: ticket.matters.isEmpty ? nil : ticket.matters, heldUntil: ticket.heldUntil, holdReason: ticket.holdReason)
    }
}

extension ServiceView {
    init(_ service: Service, in hall: Hall, at now: Date) {
        let waiting = hall.waitingCount(service: service.id)
        self.init(
            id: service.id, name: service.nameZh, nameEn: service.nameEn, prefix: service.prefix, hours: service.hours.description,
            openNow: service.hours.isOpen(at: LocalTime(now, in: hall.definition.policy.timeZone), calendar: hall.definition.calendar),
            requiresIdCard: service.requiresIDCard,
            dailyQuota: service.dailyQuota, issuedToday: hall.day == hall.hallDay(at: now) ? hall.issuedCount(service: service.id) : 0,
            waiting: waiting, estimatedWaitMinutes: Int((hall.estimatedWait(service: service.id, ahead: waiting) / 60).rounded(.up)),
            windows: hall.definition.windows.filter { $0.services.contains(service.id) }.map(\.number),
            category: service.category ?? "其他事项",
            categoryEn: service.categoryEn ?? (service.category == nil ? "Other services" : ""), guide: hall.definition.guides[service.id])
    }
}

extension WindowView {
    init(_ window: Window, in hall: Hall) {
        let state = hall.windows[window.number]
        self.init(
            number: window.number, name: window.name, services: window.services, paused: state?.paused ?? false,
            current: state?.current.flatMap { hall.ticket($0) }.map { TicketView($0, in: hall, ahead: nil) },
            waiting: window.services.reduce(0) { $0 + hall.waitingCount(service: $1) }, signedIn: state?.signedIn?.staff,
            signedInSince: state?.signedIn?.since, pauseReason: state?.pause?.reason, pausedSince: state?.pause?.since,
            held: hall.held(at: window.number).map { TicketView($0, in: hall, ahead: nil) })
    }
}
