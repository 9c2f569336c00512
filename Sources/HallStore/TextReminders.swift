import Foundation
import HallCore
import Logging

/// Text reminders (短信提醒) for citizens who left a phone number at the kiosk: "almost your
/// turn" when `policy.notify_ahead` people are ahead, and "called" with the window, each put in
/// the outbox once a ticket, as the hall's events make them due. The outbox's keys keep them to
/// once across restarts; the sender delivers them.
///
/// The numbers stay sealed here (the caller seals them): in the phone book while the ticket
/// lives, erased as it ends, and copied sealed into each message, which blanks its copy once
/// delivered.
public actor TextReminders {
    public static let channel = "sms"

    private let engine: HallEngine
    private let phoneBook: PhoneBook
    private let outbox: Outbox
    private let logger: Logger
    private let clock: @Sendable () -> Date
    /// The day the numbers below belong to.
    private var day: String?
    private var phones: [TicketNumber: Data] = [:]
    /// The outbox keys taken since start: the outbox refuses them again anyway, this spares it
    /// a write for each event while a ticket stays due.
    private var queued: Set<String> = []
    private static let encoder = JSONEncoder()

    public init(engine: HallEngine, journal: Journal, logger: Logger, clock: @escaping @Sendable () -> Date = Date.init) {
        self.engine = engine
        phoneBook = journal.phoneBook
        outbox = journal.outbox
        self.logger = logger
        self.clock = clock
    }

    /// The reminders waiting in the outbox, and those delivered and given up, for metrics.
    public nonisolated func backlog() -> Outbox.Backlog? { try? outbox.backlog(channel: Self.channel) }

    /// A citizen left a phone number, sealed, for a ticket just issued: kept while the ticket
    /// lives, and a reminder due already goes at once. False, and logged, when it cannot be kept.
    @discardableResult
    public func register(_ number: TicketNumber, sealed: Data) async -> Bool {
        guard let today = await engine.read(\.day) else { return false }
        await follow(day: today)
        do {
            try phoneBook.save(day: today, number: number, sealed: sealed)
        } catch {
            logger.error("a phone number for reminders was not kept", metadata: ["ticket": "\(number)", "error": "\(error)"])
            return false
        }
        phones[number] = sealed
        await remind([number])
        return true
    }

    /// Follows the hall's events until the task ends; run it as a service.
    public func run() async {
        // Subscribed first, so that nothing between reading the book and following is missed.
        let events = await engine.subscribe()
        if let today = await engine.read(\.day) { await follow(day: today) }
        await remind(Array(phones.keys))
        for await entry in events where !phones.isEmpty || entry.event.name == "day.opened" {
            if case .dayOpened = entry.event, let today = await engine.read(\.day) { await follow(day: today) }
            if Self.moves(entry.event) { await remind(Array(phones.keys)) }
        }
    }

    /// Events that can make a reminder due or end a ticket: not devices', kiosks', staff's,
    /// nor a new ticket's, which queues behind everyone it could remind.
    static func moves(_ event: HallEvent) -> Bool {
        switch event {
        case .deviceChanged, .kioskIdentified, .kioskNotice, .ticketPrinted, .selfTest, .appointmentBooked, .staffSignedIn,
            .staffSignedOut, .staffLocked, .ticketIssued:
            false
        default: true
        }
    }

    /// Loads the numbers of `today`, once a day, and erases what earlier days left.
    private func follow(day today: String) async {
        guard today != day else { return }
        do {
            try phoneBook.eraseAll(but: today)
            phones = try phoneBook.entries(day: today)
            queued = []
            day = today
        } catch {
            logger.error("text reminders cannot read their phone numbers", metadata: ["error": "\(error)"])
        }
    }

    /// Puts in the outbox each reminder now due for these tickets, and erases the numbers of
    /// tickets that ended.
    private func remind(_ numbers: [TicketNumber]) async {
        guard !numbers.isEmpty, let day else { return }
        let states = await engine.read { hall in
            hall.day == day ? numbers.map { (number: $0, reminder: hall.reminder(for: $0), ended: hall.hasEnded($0)) } : []
        }
        for (number, reminder, ended) in states {
            do {
                if let reminder, let sealed = phones[number], case let key = "\(Self.channel):\(day):\(number):\(reminder.kind)",
                    !queued.contains(key)
                {
                    let body = String(decoding: try Self.encoder.encode(ReminderMessage(number: number, reminder: reminder)), as: UTF8.self)
                    try outbox.enqueue(key: key, channel: Self.channel, body: body, sealed: sealed, at: clock())
                    queued.insert(key)
                }
                if ended {
                    try phoneBook.erase(day: day, number: number)
                    phones[number] = nil
                }
            } catch {
                logger.error("text reminder not queued", metadata: ["ticket": "\(number)", "error": "\(error)"])
            }
        }
    }
}
