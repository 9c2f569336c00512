import Foundation
import HallCore

/// A hall event as the journal stores it. The encoding is written out here key by key, not
/// synthesised from the Swift types, so that renaming a case or a field in `HallEvent` (or in
/// `Holder`, `Appointment`, the priorities ...) cannot change what the journal holds, nor make
/// the journals halls already have unreadable. Such a rename fails `JournalFixtureTests`, which
/// replays a journal written in December 2026, until this file maps the old words to it.
///
/// Format 1, the journal's first: one JSON object keyed by the event's kind (`ticketCalled`),
/// holding its fields; times are seconds since 2001-01-01 UTC; optional fields are left out
/// when absent. Format 2 adds the staff's kinds (`staffSignedIn` ...), laid out the same way,
/// and a pause's `reason`. Format 3 adds `mattersRecorded`, each matter a service and an
/// outcome word (`completed`, `accepted`, `correction-notice`, `consultation`, `rejected`), and
/// a hold's `ticketHeld` and `ticketReturned`, and a holder's `elderly` flag.
/// Each row carries its format in the `version` column: the lowest that holds its event, so
/// that a hallqd reading only format 1 refuses by name the rows it cannot read.
struct StoredEvent: Codable {
    /// The newest format this hallqd reads and writes.
    static let newest = 3

    var event: HallEvent

    init(_ event: HallEvent) { self.event = event }

    /// The format this event is written in.
    var version: Int {
        switch event {
        case .mattersRecorded, .ticketHeld, .ticketReturned: 3
        // A format-2 reader would drop an elderly holder's flag unseen.
        case .ticketIssued(_, _, _, _, _, _, let holder?, _) where holder.elderly: 3
        case .kioskIdentified(_, let holder, _) where holder.elderly: 3
        case .appointmentBooked(let appointment, _) where appointment.holder?.elderly == true: 3
        case .staffSignedIn, .staffSignedOut, .staffLocked: 2
        // A reason for a pause came with format 2; a format-1 reader would drop it unseen.
        case .windowPaused(_, let reason?, _) where !reason.isEmpty: 2
        default: 1
        }
    }

    struct Key: CodingKey, ExpressibleByStringLiteral {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        init(stringLiteral value: String) { stringValue = value }
    }

    typealias Fields = KeyedEncodingContainer<Key>
    typealias Read = KeyedDecodingContainer<Key>

    func encode(to encoder: any Encoder) throws {
        var outer = encoder.container(keyedBy: Key.self)
        func fields(_ kind: Key) -> Fields { outer.nestedContainer(keyedBy: Key.self, forKey: kind) }
        switch event {
        case .dayOpened(let day, let at):
            var f = fields("dayOpened")
            try f.encode(day, forKey: "day")
            try f.encodeTime(at, forKey: "at")
        case .ticketIssued(let number, let service, let priority, let channel, let at, let kiosk, let holder, let appointment):
            var f = fields("ticketIssued")
            try f.encode(number.description, forKey: "number")
            try f.encode(service, forKey: "service")
            try f.encode(Self.word(priority), forKey: "priority")
            try f.encode(Self.word(channel), forKey: "channel")
            try f.encodeTime(at, forKey: "at")
            try f.encodeIfPresent(kiosk, forKey: "kiosk")
            if let holder { try f.encodeHolder(holder, forKey: "holder") }
            try f.encodeIfPresent(appointment, forKey: "appointment")
        case .ticketCalled(let number, let window, let at):
            var f = fields("ticketCalled")
            try f.encodeAtWindow(number, window, at)
        case .ticketRecalled(let number, let window, let at):
            var f = fields("ticketRecalled")
            try f.encodeAtWindow(number, window, at)
        case .serviceStarted(let number, let window, let at):
            var f = fields("serviceStarted")
            try f.encodeAtWindow(number, window, at)
        case .ticketFinished(let number, let window, let at):
            var f = fields("ticketFinished")
            try f.encodeAtWindow(number, window, at)
        case .ticketNoShow(let number, let window, let at):
            var f = fields("ticketNoShow")
            try f.encodeAtWindow(number, window, at)
        case .ticketRequeued(let number, let queuedAt, let at):
            var f = fields("ticketRequeued")
            try f.encode(number.description, forKey: "number")
            try f.encodeTime(queuedAt, forKey: "queuedAt")
            try f.encodeTime(at, forKey: "at")
        case .ticketTransferred(let number, let window, let toService, let at):
            var f = fields("ticketTransferred")
            try f.encodeAtWindow(number, window, at)
            try f.encode(toService, forKey: "toService")
        case .ticketCancelled(let number, let reason, let at):
            var f = fields("ticketCancelled")
            try f.encode(number.description, forKey: "number")
            try f.encode(reason, forKey: "reason")
            try f.encodeTime(at, forKey: "at")
        case .windowPaused(let window, let reason, let at):
            var f = fields("windowPaused")
            try f.encodeIfPresent(reason, forKey: "reason")
            try f.encode(window, forKey: "window")
            try f.encodeTime(at, forKey: "at")
        case .windowResumed(let window, let at):
            var f = fields("windowResumed")
            try f.encode(window, forKey: "window")
            try f.encodeTime(at, forKey: "at")
        case .deviceChanged(let device, let state, let reason, let at):
            var f = fields("deviceChanged")
            try f.encode(device, forKey: "device")
            try f.encode(Self.word(state), forKey: "state")
            try f.encodeIfPresent(reason, forKey: "reason")
            try f.encodeTime(at, forKey: "at")
        case .kioskIdentified(let kiosk, let holder, let at):
            var f = fields("kioskIdentified")
            try f.encode(kiosk, forKey: "kiosk")
            try f.encodeHolder(holder, forKey: "holder")
            try f.encodeTime(at, forKey: "at")
        case .kioskNotice(let kiosk, let code, let message, let at):
            var f = fields("kioskNotice")
            try f.encode(kiosk, forKey: "kiosk")
            try f.encode(code, forKey: "code")
            try f.encode(message, forKey: "message")
            try f.encodeTime(at, forKey: "at")
        case .ticketPrinted(let number, let kiosk, let job, let at):
            var f = fields("ticketPrinted")
            try f.encode(number.description, forKey: "number")
            try f.encode(kiosk, forKey: "kiosk")
            try f.encode(job, forKey: "job")
            try f.encodeTime(at, forKey: "at")
        case .selfTest(let healthy, let problems, let at):
            var f = fields("selfTest")
            try f.encode(healthy, forKey: "healthy")
            try f.encode(problems, forKey: "problems")
            try f.encodeTime(at, forKey: "at")
        case .ticketEvaluated(let number, let window, let rating, let reasons, let at):
            var f = fields("ticketEvaluated")
            try f.encodeAtWindow(number, window, at)
            try f.encode(rating, forKey: "rating")
            try f.encode(reasons, forKey: "reasons")
        case .staffSignedIn(let staff, let window, let at):
            var f = fields("staffSignedIn")
            try f.encode(staff, forKey: "staff")
            try f.encode(window, forKey: "window")
            try f.encodeTime(at, forKey: "at")
        case .staffSignedOut(let staff, let window, let reason, let at):
            var f = fields("staffSignedOut")
            try f.encode(staff, forKey: "staff")
            try f.encode(window, forKey: "window")
            try f.encode(reason, forKey: "reason")
            try f.encodeTime(at, forKey: "at")
        case .ticketHeld(let number, let window, let reason, let until, let at):
            var f = fields("ticketHeld")
            try f.encodeAtWindow(number, window, at)
            try f.encode(reason, forKey: "reason")
            try f.encodeTime(until, forKey: "until")
        case .ticketReturned(let number, let at):
            var f = fields("ticketReturned")
            try f.encode(number.description, forKey: "number")
            try f.encodeTime(at, forKey: "at")
        case .mattersRecorded(let number, let window, let matters, let at):
            var f = fields("mattersRecorded")
            try f.encodeAtWindow(number, window, at)
            var list = f.nestedUnkeyedContainer(forKey: "matters")
            for matter in matters {
                var m = list.nestedContainer(keyedBy: Key.self)
                try m.encode(matter.service, forKey: "service")
                try m.encode(Self.word(matter.outcome), forKey: "outcome")
            }
        case .staffLocked(let staff, let until, let at):
            var f = fields("staffLocked")
            try f.encode(staff, forKey: "staff")
            try f.encodeTime(until, forKey: "until")
            try f.encodeTime(at, forKey: "at")
        case .appointmentBooked(let appointment, let at):
            var f = fields("appointmentBooked")
            var a = f.nestedContainer(keyedBy: Key.self, forKey: "appointment")
            try a.encode(appointment.code, forKey: "code")
            try a.encode(appointment.service, forKey: "service")
            try a.encodeTime(appointment.start, forKey: "start")
            try a.encodeTime(appointment.end, forKey: "end")
            if let holder = appointment.holder { try a.encodeHolder(holder, forKey: "holder") }
            try f.encodeTime(at, forKey: "at")
        }
    }

    init(from decoder: any Decoder) throws {
        let outer = try decoder.container(keyedBy: Key.self)
        guard outer.allKeys.count == 1, let kind = outer.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not one event: \(outer.allKeys.map(\.stringValue))"))
        }
        let f = try outer.nestedContainer(keyedBy: Key.self, forKey: kind)
        switch kind.stringValue {
        case "dayOpened": event = .dayOpened(day: try f.decode(String.self, forKey: "day"), at: try f.time("at"))
        case "ticketIssued":
            event = .ticketIssued(
                number: try f.number(), service: try f.decode(String.self, forKey: "service"),
                priority: try f.word("priority", Self.priorities), channel: try f.word("channel", Self.channels), at: try f.time("at"),
                kiosk: try f.decodeIfPresent(String.self, forKey: "kiosk"), holder: try f.holderIfPresent("holder"),
                appointment: try f.decodeIfPresent(String.self, forKey: "appointment"))
        case "ticketCalled": event = .ticketCalled(number: try f.number(), window: try f.window(), at: try f.time("at"))
        case "ticketRecalled": event = .ticketRecalled(number: try f.number(), window: try f.window(), at: try f.time("at"))
        case "serviceStarted": event = .serviceStarted(number: try f.number(), window: try f.window(), at: try f.time("at"))
        case "ticketFinished": event = .ticketFinished(number: try f.number(), window: try f.window(), at: try f.time("at"))
        case "ticketNoShow": event = .ticketNoShow(number: try f.number(), window: try f.window(), at: try f.time("at"))
        case "ticketRequeued": event = .ticketRequeued(number: try f.number(), queuedAt: try f.time("queuedAt"), at: try f.time("at"))
        case "ticketTransferred":
            event = .ticketTransferred(
                number: try f.number(), window: try f.window(), toService: try f.decode(String.self, forKey: "toService"),
                at: try f.time("at"))
        case "ticketCancelled":
            event = .ticketCancelled(number: try f.number(), reason: try f.decode(String.self, forKey: "reason"), at: try f.time("at"))
        case "windowPaused":
            event = .windowPaused(
                window: try f.window(), reason: try f.decodeIfPresent(String.self, forKey: "reason"), at: try f.time("at"))
        case "windowResumed": event = .windowResumed(window: try f.window(), at: try f.time("at"))
        case "deviceChanged":
            event = .deviceChanged(
                device: try f.decode(String.self, forKey: "device"), state: try f.word("state", Self.states),
                reason: try f.decodeIfPresent(String.self, forKey: "reason"), at: try f.time("at"))
        case "kioskIdentified":
            event = .kioskIdentified(
                kiosk: try f.decode(String.self, forKey: "kiosk"), holder: try f.holder("holder"), at: try f.time("at"))
        case "kioskNotice":
            event = .kioskNotice(
                kiosk: try f.decode(String.self, forKey: "kiosk"), code: try f.decode(String.self, forKey: "code"),
                message: try f.decode(String.self, forKey: "message"), at: try f.time("at"))
        case "ticketPrinted":
            event = .ticketPrinted(
                number: try f.number(), kiosk: try f.decode(String.self, forKey: "kiosk"), job: try f.decode(Int.self, forKey: "job"),
                at: try f.time("at"))
        case "selfTest":
            event = .selfTest(
                healthy: try f.decode(Int.self, forKey: "healthy"), problems: try f.decode([String].self, forKey: "problems"),
                at: try f.time("at"))
        case "ticketEvaluated":
            event = .ticketEvaluated(
                number: try f.number(), window: try f.window(), rating: try f.decode(Int.self, forKey: "rating"),
                reasons: try f.decode([String].self, forKey: "reasons"), at: try f.time("at"))
        case "appointmentBooked":
            let a = try f.nestedContainer(keyedBy: Key.self, forKey: "appointment")
            event = .appointmentBooked(
                appointment: Appointment(
                    code: try a.decode(String.self, forKey: "code"), service: try a.decode(String.self, forKey: "service"),
                    start: try a.time("start"), end: try a.time("end"), holder: try a.holderIfPresent("holder")),
                at: try f.time("at"))
        case "staffSignedIn":
            event = .staffSignedIn(staff: try f.decode(String.self, forKey: "staff"), window: try f.window(), at: try f.time("at"))
        case "staffSignedOut":
            event = .staffSignedOut(
                staff: try f.decode(String.self, forKey: "staff"), window: try f.window(),
                reason: try f.decode(String.self, forKey: "reason"),
                at: try f.time("at"))
        case "ticketHeld":
            event = .ticketHeld(
                number: try f.number(), window: try f.window(), reason: try f.decode(String.self, forKey: "reason"),
                until: try f.time("until"), at: try f.time("at"))
        case "ticketReturned": event = .ticketReturned(number: try f.number(), at: try f.time("at"))
        case "mattersRecorded":
            var list = try f.nestedUnkeyedContainer(forKey: "matters")
            var matters: [Matter] = []
            while !list.isAtEnd {
                let m = try list.nestedContainer(keyedBy: Key.self)
                matters.append(
                    Matter(service: try m.decode(String.self, forKey: "service"), outcome: try m.word("outcome", Self.outcomes)))
            }
            event = .mattersRecorded(number: try f.number(), window: try f.window(), matters: matters, at: try f.time("at"))
        case "staffLocked":
            event = .staffLocked(staff: try f.decode(String.self, forKey: "staff"), until: try f.time("until"), at: try f.time("at"))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: [kind], debugDescription: "no event of kind \(kind.stringValue)"))
        }
    }

    // The words stored for the queue's enumerations, spelled out so that a Swift rename keeps them.
    static let priorities: [String: PriorityClass] = ["green": .green, "appointment": .appointment, "normal": .normal]
    static let channels: [String: IssueChannel] = ["kiosk": .kiosk, "staff": .staff, "appointment": .appointment]
    static let outcomes: [String: Matter.Outcome] = [
        "completed": .completed, "accepted": .accepted, "correction-notice": .correctionNotice, "consultation": .consultation,
        "rejected": .rejected,
    ]
    static let states: [String: DeviceState] = [
        "absent": .absent, "ready": .ready, "busy": .busy, "degraded": .degraded, "faulted": .faulted, "unknown": .unknown,
    ]

    static func word<Value: Equatable>(_ value: Value, in table: [String: Value]) -> String {
        guard let word = table.first(where: { $0.value == value })?.key else {
            preconditionFailure("\(value) has no word in the journal's format: add it to StoredEvent")
        }
        return word
    }
    static func word(_ priority: PriorityClass) -> String { word(priority, in: priorities) }
    static func word(_ channel: IssueChannel) -> String { word(channel, in: channels) }
    static func word(_ state: DeviceState) -> String { word(state, in: states) }
    static func word(_ outcome: Matter.Outcome) -> String { word(outcome, in: outcomes) }
}

extension KeyedEncodingContainer<StoredEvent.Key> {
    mutating func encodeTime(_ date: Date, forKey key: Key) throws { try encode(date.timeIntervalSinceReferenceDate, forKey: key) }

    mutating func encodeHolder(_ holder: Holder, forKey key: Key) throws {
        var h = nestedContainer(keyedBy: Key.self, forKey: key)
        try h.encode(holder.maskedName, forKey: "maskedName")
        try h.encode(holder.maskedNumber, forKey: "maskedNumber")
        try h.encode(holder.key, forKey: "key")
        if holder.elderly { try h.encode(true, forKey: "elderly") }
    }

    mutating func encodeAtWindow(_ number: TicketNumber, _ window: Int, _ at: Date) throws {
        try encode(number.description, forKey: "number")
        try encode(window, forKey: "window")
        try encodeTime(at, forKey: "at")
    }
}

extension KeyedDecodingContainer<StoredEvent.Key> {
    func time(_ key: Key) throws -> Date { Date(timeIntervalSinceReferenceDate: try decode(Double.self, forKey: key)) }
    func window() throws -> Int { try decode(Int.self, forKey: "window") }

    func number() throws -> TicketNumber {
        let text = try decode(String.self, forKey: "number")
        guard let number = TicketNumber(text) else {
            throw DecodingError.dataCorruptedError(forKey: "number", in: self, debugDescription: "not a ticket number: \(text)")
        }
        return number
    }

    func word<Value>(_ key: Key, _ table: [String: Value]) throws -> Value {
        let word = try decode(String.self, forKey: key)
        guard let value = table[word] else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "\(word) is not one of \(table.keys.sorted().joined(separator: ", "))")
        }
        return value
    }

    func holder(_ key: Key) throws -> Holder {
        let h = try nestedContainer(keyedBy: Key.self, forKey: key)
        return Holder(
            maskedName: try h.decode(String.self, forKey: "maskedName"), maskedNumber: try h.decode(String.self, forKey: "maskedNumber"),
            key: try h.decode(String.self, forKey: "key"), elderly: try h.decodeIfPresent(Bool.self, forKey: "elderly") ?? false)
    }

    func holderIfPresent(_ key: Key) throws -> Holder? { contains(key) ? try holder(key) : nil }
}
