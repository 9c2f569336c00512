/// What a person asks of the hall: a kiosk, a window, an administrator.
public enum HallCommand: Sendable, Equatable {
    /// A ticket; taken at `kiosk`, it goes to the person whose ID card was just read there.
    case issue(service: String, priority: PriorityClass, channel: IssueChannel, kiosk: String? = nil)
    /// An ID card was read at a kiosk.
    case identify(kiosk: String, holder: Holder)
    /// Check in a booked appointment by its code, or by the ID card just read at the kiosk.
    case checkIn(CheckIn, kiosk: String?)
    /// Appointments from the booking platform; unchanged ones are skipped.
    case importAppointments([Appointment])
    /// Call the next ticket to the window; its current ticket, if any, is finished first.
    case callNext(window: Int)
    /// Call a chosen waiting ticket (指呼), one of the window's services; the current ticket is
    /// finished first.
    case callNumber(window: Int, number: TicketNumber)
    /// A citizen at the counter: a ticket issued, called and started at once at the window.
    case walkIn(window: Int, service: String)
    case recall(window: Int)
    /// The citizen arrived at the window.
    case startService(window: Int)
    /// `matters`: what the visit handled and how each ended (optional).
    case finish(window: Int, matters: [Matter] = [])
    case noShow(window: Int)
    case transfer(window: Int, toService: String)
    /// The citizen goes to fetch a document (挂起): the ticket leaves the window with its place
    /// kept for `minutes`, and why.
    case hold(window: Int, reason: String, minutes: Int)
    /// A held ticket's citizen is back (its QR code scanned at a kiosk, or staff): it is called
    /// next at any window serving its service.
    case returnHeld(number: TicketNumber)
    /// Holds past their time become no-shows.
    case expireHolds
    /// `reason` from the hall's list (就餐, 会议 ...); a keypad's pause key gives none.
    case pause(window: Int, reason: String? = nil)
    case resume(window: Int)
    case requeue(number: TicketNumber)
    /// The citizen rates the service of a finished ticket (好差评), once.
    case evaluate(number: TicketNumber, rating: Int, reasons: [String])
    case cancel(number: TicketNumber)
}
