import Foundation
import HallCore
import Testing

@Suite("Identification and appointments")
struct KioskTests {
    static let zhang = Holder(maskedName: "张*三", maskedNumber: "110105********002X", key: "k-zhang")
    static let li = Holder(maskedName: "李*", maskedNumber: "440304********123X", key: "k-li")

    static func hall(idRequired: Bool = true, several: Bool = false) -> Hall {
        var definition = Fixtures.definition()
        definition.services[0].requiresIDCard = idRequired
        definition.services[0].allowsSeveralTickets = several
        return Hall(definition: definition)
    }

    @Test("a service that needs an ID card refuses a kiosk ticket without one, and takes the card read at that kiosk")
    func idRequired() throws {
        var hall = Self.hall()
        let t = Fixtures.monday(9)
        #expect(
            hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk, kiosk: "K1"), at: t).refusal
                == .idCardRequired(service: "社保"))
        _ = try hall.handle(.identify(kiosk: "K1", holder: Self.zhang), at: t).get()
        // A card read at K1 does not serve K2.
        #expect(
            hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk, kiosk: "K2"), at: t).refusal
                == .idCardRequired(service: "社保"))
        let events = try hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk, kiosk: "K1"), at: t + 5).get()
        guard case .ticketIssued(let number, _, _, _, _, "K1", Self.zhang, nil)? = events.last else {
            Issue.record("unexpected \(events)")
            return
        }
        #expect(hall.ticket(number)?.holderKey == "k-zhang")
        // The session is used up by the ticket, and a staff ticket needs no card.
        #expect(
            hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk, kiosk: "K1"), at: t + 6).refusal
                == .idCardRequired(service: "社保"))
        #expect(hall.handle(.issue(service: "shebao", priority: .normal, channel: .staff), at: t + 6).refusal == nil)
    }

    @Test("a card read long ago no longer belongs to the kiosk's next ticket")
    func sessionExpires() throws {
        var hall = Self.hall()
        let t = Fixtures.monday(9)
        _ = try hall.handle(.identify(kiosk: "K1", holder: Self.zhang), at: t).get()
        let late = t + hall.definition.policy.kioskSession + 1
        #expect(
            hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk, kiosk: "K1"), at: late).refusal
                == .idCardRequired(service: "社保"))
    }

    @Test("one person holds one waiting ticket per service unless the service allows several")
    func oneTicket() throws {
        for several in [false, true] {
            var hall = Self.hall(several: several)
            let t = Fixtures.monday(9)
            _ = try hall.handle(.identify(kiosk: "K1", holder: Self.zhang), at: t).get()
            _ = try hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk, kiosk: "K1"), at: t).get()
            _ = try hall.handle(.identify(kiosk: "K2", holder: Self.zhang), at: t + 1).get()
            let again = hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk, kiosk: "K2"), at: t + 2)
            #expect(again.refusal == (several ? nil : .alreadyWaiting(service: "社保", number: TicketNumber("A001")!)))
            // Another service is fine, and so is another person.
            _ = try hall.handle(.identify(kiosk: "K2", holder: Self.zhang), at: t + 3).get()
            #expect(hall.handle(.issue(service: "huji", priority: .normal, channel: .kiosk, kiosk: "K2"), at: t + 3).refusal == nil)
            _ = try hall.handle(.identify(kiosk: "K2", holder: Self.li), at: t + 4).get()
            #expect(hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk, kiosk: "K2"), at: t + 4).refusal == nil)
        }
        // Once the first ticket is finished, the same person may queue again.
        var hall = Self.hall()
        let t = Fixtures.monday(9)
        _ = try hall.handle(.identify(kiosk: "K1", holder: Self.zhang), at: t).get()
        _ = try hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk, kiosk: "K1"), at: t).get()
        _ = try hall.call(1, at: t + 10)
        _ = try hall.handle(.finish(window: 1), at: t + 20).get()
        _ = try hall.handle(.identify(kiosk: "K1", holder: Self.zhang), at: t + 30).get()
        #expect(hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk, kiosk: "K1"), at: t + 30).refusal == nil)
    }

    @Test("check-in on time, early, late, unknown and reused")
    func checkIn() throws {
        var hall = Self.hall(idRequired: false)
        let nine = Fixtures.monday(9)
        let booking = Appointment(code: "YY0001", service: "shebao", start: nine, end: nine + 1800, holder: Self.zhang)
        _ = try hall.handle(.importAppointments([booking]), at: Fixtures.monday(7)).get()
        #expect(
            hall.handle(.checkIn(.code("YY0001"), kiosk: "K1"), at: Fixtures.monday(8, 29)).refusal
                == .appointmentTooEarly(code: "YY0001", opensAt: "08:30"))
        #expect(hall.handle(.checkIn(.code("NOPE"), kiosk: "K1"), at: nine).refusal == .appointmentUnknown("NOPE"))
        let events = try hall.handle(.checkIn(.code("YY0001"), kiosk: "K1"), at: Fixtures.monday(8, 45)).get()
        guard case .ticketIssued(let number, "shebao", .appointment, .appointment, _, "K1", Self.zhang, "YY0001")? = events.last else {
            Issue.record("unexpected \(events)")
            return
        }
        #expect(hall.handle(.checkIn(.code("YY0001"), kiosk: "K2"), at: nine).refusal == .appointmentUsed(code: "YY0001", number: number))
        let late = Appointment(code: "YY0002", service: "huji", start: nine, end: nine + 1800)
        _ = try hall.handle(.importAppointments([late]), at: nine).get()
        #expect(
            hall.handle(.checkIn(.code("YY0002"), kiosk: "K1"), at: Fixtures.monday(9, 46)).refusal
                == .appointmentTooLate(code: "YY0002", closedAt: "09:45"))
        #expect(hall.handle(.checkIn(.code("YY0002"), kiosk: "K1"), at: Fixtures.monday(9, 45)).refusal == nil)
    }

    @Test("tapping the booked ID card checks in today's booking")
    func checkInByCard() throws {
        var hall = Self.hall(idRequired: false)
        let nine = Fixtures.monday(9)
        let tomorrow = Appointment(code: "T1", service: "huji", start: nine + 86_400, end: nine + 88_200, holder: Self.zhang)
        let today = Appointment(code: "D1", service: "shebao", start: nine, end: nine + 1800, holder: Self.zhang)
        _ = try hall.handle(.importAppointments([tomorrow, today]), at: Fixtures.monday(7)).get()
        #expect(hall.handle(.checkIn(.holder(Self.li), kiosk: "K1"), at: nine).refusal == .appointmentUnknown("440304********123X"))
        let events = try hall.handle(.checkIn(.holder(Self.zhang), kiosk: "K1"), at: nine).get()
        let number = try #require(events.last?.number)
        #expect(number.prefix == "A")
        #expect(
            hall.handle(.checkIn(.holder(Self.zhang), kiosk: "K1"), at: nine + 60).refusal == .appointmentUsed(code: "D1", number: number))
    }

    @Test("imports skip unchanged bookings and refuse bad ones whole")
    func imports() throws {
        var hall = Self.hall(idRequired: false)
        let nine = Fixtures.monday(9)
        let a = Appointment(code: "A", service: "shebao", start: nine, end: nine + 1800)
        #expect(try hall.handle(.importAppointments([a]), at: nine - 3600).get().count == 2)  // day opened + booked
        #expect(try hall.handle(.importAppointments([a]), at: nine - 3500).get().isEmpty)
        let bad = Appointment(code: "B", service: "nope", start: nine, end: nine + 1800)
        let backwards = Appointment(code: "C", service: "huji", start: nine, end: nine - 1)
        #expect(hall.handle(.importAppointments([a, bad]), at: nine).refusal == .unknownService("nope"))
        #expect(hall.handle(.importAppointments([backwards]), at: nine).refusal?.code == "appointment_invalid")
        #expect(hall.handle(.importAppointments([a, a]), at: nine).refusal?.code == "appointment_invalid")
        // A booking outlives its import day, and goes once its window has passed.
        let outcome = hall.handle(.identify(kiosk: "K1", holder: Self.li), at: nine + 86_400)
        #expect(outcome.events.first?.name == "day.opened")
        #expect(hall.appointments.isEmpty)
    }

    @Test(
        "a kiosk whose printer is faulted issues no ticket by any path (a touch, a booking's code, a card), names the kiosks that can print, and issues again once it is ready"
    )
    func printerFaulted() throws {
        var hall = Self.hall(idRequired: false)
        hall.reconfigure(
            {
                var definition = hall.definition
                definition.kioskNames = ["K1": "一号机", "K2": "二号机", "K3": "K3"]
                return definition
            }())
        let t = Fixtures.monday(9)
        let booking = Appointment(code: "YY0001", service: "shebao", start: t, end: t + 1800, holder: Self.zhang)
        _ = try hall.handle(.importAppointments([booking]), at: Fixtures.monday(7)).get()
        try hall.apply(.deviceChanged(device: "K1.printer", state: .faulted, reason: "缺纸 / out of paper", at: t))
        try hall.apply(.deviceChanged(device: "K2.printer", state: .ready, reason: "connected", at: t))
        try hall.apply(.deviceChanged(device: "K3.printer", state: .ready, reason: "connected", at: t))
        try hall.apply(.deviceChanged(device: "K1.reader", state: .ready, reason: "connected", at: t))
        let refusal = HallError.kioskPrinterFaulted(kiosk: "K1", reason: "缺纸 / out of paper", elsewhere: ["K2（二号机）", "K3"])
        #expect(hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk, kiosk: "K1"), at: t).refusal == refusal)
        #expect(hall.handle(.checkIn(.code("YY0001"), kiosk: "K1"), at: t).refusal == refusal)
        #expect(hall.handle(.checkIn(.holder(Self.zhang), kiosk: "K1"), at: t).refusal == refusal)
        #expect(refusal.code == "kiosk_printer_faulted" && refusal.description.contains("请到 K2（二号机）、K3 取号"), "\(refusal)")
        // Other kiosks, and staff at a window, go on.
        #expect(hall.handle(.issue(service: "shebao", priority: .normal, channel: .kiosk, kiosk: "K2"), at: t).refusal == nil)
        #expect(hall.handle(.issue(service: "shebao", priority: .normal, channel: .staff), at: t).refusal == nil)
        try hall.apply(.deviceChanged(device: "K1.printer", state: .ready, reason: "recovered", at: t + 60))
        #expect(hall.handle(.checkIn(.code("YY0001"), kiosk: "K1"), at: t + 60).refusal == nil)
    }
}
