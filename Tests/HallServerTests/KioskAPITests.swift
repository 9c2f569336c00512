import Foundation
import HallConfig
import HallTesting
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Kiosk check-in and bookings through the API")
struct KioskAPITests {
    static let hash = String(repeating: "ab", count: 32)

    /// Bookings around the test clock's 11:00.
    static let bookings = """
        {"appointments": [
          {"code": "ON-TIME", "service": "shebao", "start": "2026-12-01 11:00", "end": "2026-12-01 11:30",
           "masked_name": "张*三", "masked_id": "110105********002X", "id_hash": "\(hash)"},
          {"code": "EARLY", "service": "huji", "start": "2026-12-01T14:00:00+08:00", "end": "2026-12-01T14:30:00+08:00"},
          {"code": "LATE", "service": "huji", "start": "2026-12-01 09:00", "end": "2026-12-01 10:00"}
        ]}
        """

    @Test("bookings import once, and check in on time, too early, too late, unknown and used")
    func checkIn() async throws {
        try await TestHall.run { client in
            let admin = SmallHall.adminToken
            let kiosk = SmallHall.kioskToken
            let imported = try await client.call(.post, "/api/v1/appointments", token: admin, body: Self.bookings)
            #expect(imported.status == 200)
            #expect(imported.json["imported"] as? Int == 3)
            let again = try await client.call(.post, "/api/v1/appointments", token: admin, body: Self.bookings)
            #expect(again.json["unchanged"] as? Int == 3)

            let onTime = try await client.call(.post, "/api/v1/kiosks/K1/check-in", token: kiosk, body: #"{"code":"ON-TIME"}"#)
            #expect(onTime.status == 201)
            #expect(onTime.json["priority"] as? String == "appointment")
            #expect(onTime.json["channel"] as? String == "appointment")
            let cases: [(String, Int, String, String)] = [
                ("ON-TIME", 409, "appointment_used", "已签到"),
                ("EARLY", 409, "appointment_too_early", "13:30"),
                ("LATE", 409, "appointment_too_late", "10:15"),
                ("NOPE", 404, "appointment_unknown", "NOPE"),
            ]
            for (code, status, error, words) in cases {
                let answer = try await client.call(.post, "/api/v1/kiosks/K1/check-in", token: kiosk, body: #"{"code":"\#(code)"}"#)
                #expect(answer.status == status, "\(code)")
                #expect(answer.json["error"] as? String == error, "\(code)")
                #expect((answer.json["message"] as? String)?.contains(words) == true, "\(code): \(answer.text)")
            }
            let unknownKiosk = try await client.call(.post, "/api/v1/kiosks/K9/check-in", token: kiosk, body: #"{"code":"EARLY"}"#)
            #expect(unknownKiosk.json["error"] as? String == "unknown_kiosk")
        }
    }

    @Test(
        "bad bookings are refused whole, naming the booking and the field",
        arguments: [
            (#"{"appointments":[{"code":"A","service":"shebao","start":"soon","end":"2026-12-01 12:00"}]}"#, 400, "bad_appointment"),
            (
                #"{"appointments":[{"code":"A","service":"shebao","start":"2026-12-01 11:00","end":"2026-12-01 12:00","masked_id":"11010519491231002X"}]}"#,
                400, "bad_appointment"
            ),
            (
                #"{"appointments":[{"code":"A","service":"shebao","start":"2026-12-01 11:00","end":"2026-12-01 12:00","id_hash":"xyz","masked_id":"110105********002X"}]}"#,
                400, "bad_appointment"
            ),
            (
                #"{"appointments":[{"code":"A","service":"nope","start":"2026-12-01 11:00","end":"2026-12-01 12:00"}]}"#, 404,
                "unknown_service"
            ),
            (
                #"{"appointments":[{"code":"A","service":"shebao","start":"2026-12-01 12:00","end":"2026-12-01 11:00"}]}"#, 409,
                "appointment_invalid"
            ),
            (#"{"appointments":[{"code":"A","service":"shebao"}]}"#, 400, "bad_json"),
        ])
    func badBookings(body: String, status: Int, error: String) async throws {
        try await TestHall.run { client in
            let answer = try await client.call(.post, "/api/v1/appointments", token: SmallHall.adminToken, body: body)
            #expect(answer.status == status, "\(answer.text)")
            #expect(answer.json["error"] as? String == error)
            // Only administrators import.
            #expect(try await client.call(.post, "/api/v1/appointments", token: SmallHall.kioskToken, body: body).status == 403)
        }
    }

    @Test("a service that needs an ID card refuses a kiosk ticket without one")
    func idCardRequired() async throws {
        try await TestHall.run { client in
            let answer = try await client.call(
                .post, "/api/v1/tickets", token: SmallHall.kioskToken, body: #"{"service":"budongchan","kiosk":"K1"}"#)
            #expect(answer.status == 409)
            #expect(answer.json["error"] as? String == "id_card_required")
            #expect((answer.json["message"] as? String)?.contains("身份证") == true)
            // Staff at a window have seen the card.
            #expect(
                try await client.call(.post, "/api/v1/tickets", token: SmallHall.windowToken, body: #"{"service":"budongchan"}"#).status
                    == 201)
        }
    }

    @Test("a kiosk's own token acts for that kiosk only: it takes tickets and checks bookings in there, and nowhere else")
    func ownToken() async throws {
        let yaml = TestHall.yaml.replacingOccurrences(
            of: "- {id: K1, name: 一号机}", with: "- {id: K1, name: 一号机, token: k1-own-token-123}\n  - {id: K2, name: 二号机}")
        try await TestHall.run(yaml: yaml) { client in
            let own = "k1-own-token-123"
            let taken = try await client.call(.post, "/api/v1/tickets", token: own, body: #"{"service":"shebao"}"#)
            #expect(taken.status == 201)
            #expect(try await client.call(.post, "/api/v1/tickets", token: own, body: #"{"service":"shebao","kiosk":"K1"}"#).status == 201)
            let elsewhere = try await client.call(.post, "/api/v1/tickets", token: own, body: #"{"service":"shebao","kiosk":"K2"}"#)
            #expect(elsewhere.status == 403)
            #expect(elsewhere.json["error"] as? String == "other_kiosk")
            #expect(try await client.call(.get, "/api/v1/kiosks/K1", token: own).status == 200)
            #expect(try await client.call(.get, "/api/v1/kiosks/K2", token: own).json["error"] as? String == "other_kiosk")
            #expect(
                try await client.call(.post, "/api/v1/kiosks/K2/check-in", token: own, body: #"{"code":"X"}"#).json["error"] as? String
                    == "other_kiosk")
            let green = try await client.call(.post, "/api/v1/tickets", token: own, body: #"{"service":"shebao","priority":"green"}"#)
            #expect(green.json["error"] as? String == "kiosk_cannot_choose")
            // The hall's shared kiosk token still acts for any kiosk.
            #expect(
                try await client.call(.get, "/api/v1/kiosks/K2", token: SmallHall.kioskToken).status == 200)
        }
    }
}

extension KioskAPITests {
    @Test("a hall without an SMS gateway refuses a phone number, issues nothing, and its kiosks offer no reminders")
    func noTextReminders() async throws {
        try await TestHall.run { client in
            let refused = try await client.call(
                .post, "/api/v1/tickets", token: SmallHall.kioskToken, body: #"{"service": "shebao", "phone": "13800138000"}"#)
            #expect(refused.status == 400 && refused.json["error"] as? String == "no_text_reminders")
            #expect(!refused.text.contains("13800138000"))
            let services = try await client.call(.get, "/api/v1/services", token: SmallHall.adminToken)
            #expect(services.text.contains(#""waiting":0"#))
            let kiosk = try await client.call(.get, "/api/v1/kiosks/K1", token: SmallHall.kioskToken)
            #expect(kiosk.json["textReminders"] as? Bool == false)
        }
    }
}
