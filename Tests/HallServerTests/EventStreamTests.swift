import Foundation
import HallCore
import HallServer
import HallStore
import Testing

/// What the event stream tells every subscriber, the display role included.
@Suite("The event stream's view of events")
struct EventStreamTests {
    static let zhang = Holder(maskedName: "张*三", maskedNumber: "110105********002X", key: "9f2c4a7e")
    static let at = Date(timeIntervalSince1970: 1_796_000_000)
    static let number = TicketNumber(prefix: "A", sequence: 1)

    /// One event of every kind, people in every place a person can be.
    static let everyKind: [HallEvent] = [
        .dayOpened(day: "2026-12-03", at: at),
        .ticketIssued(
            number: number, service: "shebao", priority: .normal, channel: .kiosk, at: at, kiosk: "K1", holder: zhang, appointment: "YY-1"),
        .ticketCalled(number: number, window: 1, at: at),
        .ticketRecalled(number: number, window: 1, at: at),
        .serviceStarted(number: number, window: 1, at: at),
        .ticketFinished(number: number, window: 1, at: at),
        .mattersRecorded(number: number, window: 1, matters: [Matter(service: "shebao", outcome: .completed)], at: at),
        .ticketHeld(number: number, window: 1, reason: "补材料", until: at + 1800, at: at), .ticketReturned(number: number, at: at),
        .ticketNoShow(number: number, window: 1, at: at),
        .ticketRequeued(number: number, queuedAt: at, at: at),
        .ticketTransferred(number: number, window: 1, toService: "yibao", at: at),
        .ticketCancelled(number: number, reason: "day ended", at: at),
        .windowPaused(window: 1, at: at),
        .windowResumed(window: 1, at: at),
        .deviceChanged(device: "K1.reader", state: .ready, reason: "connected", at: at),
        .kioskIdentified(kiosk: "K1", holder: zhang, at: at),
        .kioskNotice(kiosk: "K1", code: "printer_fault", message: "缺纸", at: at),
        .ticketPrinted(number: number, kiosk: "K1", job: 7, at: at),
        .selfTest(healthy: 3, problems: ["K1.printer: 缺纸"], at: at),
        .staffSignedIn(staff: "1001", window: 3, at: at), .staffSignedOut(staff: "1001", window: 3, reason: "signed out", at: at),
        .staffLocked(staff: "1002", until: at + 900, at: at),
        .ticketEvaluated(number: number, window: 1, rating: 5, reasons: [], at: at),
        .appointmentBooked(appointment: Appointment(code: "YY-1", service: "shebao", start: at, end: at, holder: zhang), at: at),
    ]

    /// Every key of a JSON value, at any depth.
    static func keys(_ value: Any) -> [String] {
        if let object = value as? [String: Any] { return object.keys + object.values.flatMap(keys) }
        if let array = value as? [Any] { return array.flatMap(keys) }
        return []
    }

    @Test("no event of any kind carries a keyed hash at any depth; the masked holder is there")
    func noKeys() throws {
        #expect(Set(Self.everyKind.map(\.name)).count == 25, "one of each kind")
        for (index, event) in Self.everyKind.enumerated() {
            let text = EventStream.data(JournaledEvent(sequence: Int64(index + 1), event: event))
            let json = try JSONSerialization.jsonObject(with: Data(text.utf8))
            #expect(!Self.keys(json).contains("key"), "\(event.name): \(text)")
            #expect(!text.contains(Self.zhang.key), "\(event.name): \(text)")
            #expect((json as? [String: Any])?["type"] as? String == event.name)
        }
        let called = EventStream.data(
            JournaledEvent(
                sequence: 1, event: .ticketCalled(number: TicketNumber(prefix: "A", sequence: 1), window: 3, at: Self.at), staff: "1001"))
        #expect(called.contains(#""staff":"1001""#), "\(called)")
        let booking = try #require(Self.everyKind.first { $0.name == "appointment.booked" })
        let booked = EventStream.data(JournaledEvent(sequence: 1, event: booking))
        #expect(booked.contains("张*三") && booked.contains("110105********002X"), "\(booked)")
    }
}
