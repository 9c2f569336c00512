import Foundation
import HallCore

/// A hall event as the event stream publishes it to every subscriber, display role included.
/// It mirrors `HallEvent` case for case, with people as `PublicHolder`, which has no keyed
/// hash: the key that matches a citizen's bookings stays in the daemon by construction, not
/// by a filter that a new event could slip past.
enum PublicEvent: Encodable, Equatable {
    /// A person as a page may show them: masked.
    struct PublicHolder: Encodable, Equatable {
        var maskedName: String
        var maskedNumber: String
        /// The kiosk shows large text to an elderly holder.
        var elderly: Bool

        init(_ holder: Holder) {
            maskedName = holder.maskedName
            maskedNumber = holder.maskedNumber
            elderly = holder.elderly
        }
    }

    struct PublicAppointment: Encodable, Equatable {
        var code: String
        var service: String
        var start: Date
        var end: Date
        var holder: PublicHolder?

        init(_ appointment: Appointment) {
            code = appointment.code
            service = appointment.service
            start = appointment.start
            end = appointment.end
            holder = appointment.holder.map(PublicHolder.init)
        }
    }

    case dayOpened(day: String, at: Date)
    case ticketIssued(
        number: TicketNumber, service: String, priority: PriorityClass, channel: IssueChannel, at: Date, kiosk: String?,
        holder: PublicHolder?, appointment: String?)
    case ticketCalled(number: TicketNumber, window: Int, at: Date)
    case ticketRecalled(number: TicketNumber, window: Int, at: Date)
    case serviceStarted(number: TicketNumber, window: Int, at: Date)
    case ticketFinished(number: TicketNumber, window: Int, at: Date)
    case mattersRecorded(number: TicketNumber, window: Int, matters: [Matter], at: Date)
    case ticketHeld(number: TicketNumber, window: Int, reason: String, until: Date, at: Date)
    case ticketReturned(number: TicketNumber, at: Date)
    case ticketNoShow(number: TicketNumber, window: Int, at: Date)
    case ticketRequeued(number: TicketNumber, queuedAt: Date, at: Date)
    case ticketTransferred(number: TicketNumber, window: Int, toService: String, at: Date)
    case ticketCancelled(number: TicketNumber, reason: String, at: Date)
    case windowPaused(window: Int, reason: String?, at: Date)
    case windowResumed(window: Int, at: Date)
    case deviceChanged(device: String, state: DeviceState, reason: String?, at: Date)
    case kioskIdentified(kiosk: String, holder: PublicHolder, at: Date)
    case kioskNotice(kiosk: String, code: String, message: String, at: Date)
    case ticketPrinted(number: TicketNumber, kiosk: String, job: Int, at: Date)
    case selfTest(healthy: Int, problems: [String], at: Date)
    case ticketEvaluated(number: TicketNumber, window: Int, rating: Int, reasons: [String], at: Date)
    case appointmentBooked(appointment: PublicAppointment, at: Date)
    case staffSignedIn(staff: String, window: Int, at: Date)
    case staffSignedOut(staff: String, window: Int, reason: String, at: Date)
    case staffLocked(staff: String, until: Date, at: Date)

    init(_ event: HallEvent) {
        self =
            switch event {
            case .dayOpened(let day, let at): .dayOpened(day: day, at: at)
            case .ticketIssued(let number, let service, let priority, let channel, let at, let kiosk, let holder, let appointment):
                .ticketIssued(
                    number: number, service: service, priority: priority, channel: channel, at: at, kiosk: kiosk,
                    holder: holder.map(PublicHolder.init), appointment: appointment)
            case .ticketCalled(let number, let window, let at): .ticketCalled(number: number, window: window, at: at)
            case .ticketRecalled(let number, let window, let at): .ticketRecalled(number: number, window: window, at: at)
            case .serviceStarted(let number, let window, let at): .serviceStarted(number: number, window: window, at: at)
            case .ticketFinished(let number, let window, let at): .ticketFinished(number: number, window: window, at: at)
            case .mattersRecorded(let number, let window, let matters, let at):
                .mattersRecorded(number: number, window: window, matters: matters, at: at)
            case .ticketHeld(let number, let window, let reason, let until, let at):
                .ticketHeld(number: number, window: window, reason: reason, until: until, at: at)
            case .ticketReturned(let number, let at): .ticketReturned(number: number, at: at)
            case .ticketNoShow(let number, let window, let at): .ticketNoShow(number: number, window: window, at: at)
            case .ticketRequeued(let number, let queuedAt, let at): .ticketRequeued(number: number, queuedAt: queuedAt, at: at)
            case .ticketTransferred(let number, let window, let toService, let at):
                .ticketTransferred(number: number, window: window, toService: toService, at: at)
            case .ticketCancelled(let number, let reason, let at): .ticketCancelled(number: number, reason: reason, at: at)
            case .windowPaused(let window, let reason, let at): .windowPaused(window: window, reason: reason, at: at)
            case .windowResumed(let window, let at): .windowResumed(window: window, at: at)
            case .deviceChanged(let device, let state, let reason, let at):
                .deviceChanged(device: device, state: state, reason: reason, at: at)
            case .kioskIdentified(let kiosk, let holder, let at): .kioskIdentified(kiosk: kiosk, holder: PublicHolder(holder), at: at)
            case .kioskNotice(let kiosk, let code, let message, let at): .kioskNotice(kiosk: kiosk, code: code, message: message, at: at)
            case .ticketPrinted(let number, let kiosk, let job, let at): .ticketPrinted(number: number, kiosk: kiosk, job: job, at: at)
            case .selfTest(let healthy, let problems, let at): .selfTest(healthy: healthy, problems: problems, at: at)
            case .ticketEvaluated(let number, let window, let rating, let reasons, let at):
                .ticketEvaluated(number: number, window: window, rating: rating, reasons: reasons, at: at)
            case .appointmentBooked(let appointment, let at): .appointmentBooked(appointment: PublicAppointment(appointment), at: at)
            case .staffSignedIn(let staff, let window, let at): .staffSignedIn(staff: staff, window: window, at: at)
            case .staffSignedOut(let staff, let window, let reason, let at):
                .staffSignedOut(staff: staff, window: window, reason: reason, at: at)
            case .staffLocked(let staff, let until, let at): .staffLocked(staff: staff, until: until, at: at)
            }
    }
}
