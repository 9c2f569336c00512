import Foundation
import HallTesting
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("指呼 and walk-ins through the API")
struct CounterAPITests {
    @Test("a chosen number is called out of turn; refusals name why; a walk-in is served at once and journaled as the staff's ticket")
    func counter() async throws {
        try await TestHall.run { client in
            let window = SmallHall.windowToken
            for service in ["shebao", "shebao", "huji"] {
                _ = try await client.call(.post, "/api/v1/tickets", token: SmallHall.kioskToken, body: #"{"service":"\#(service)"}"#)
            }
            let chosen = try await client.call(.post, "/api/v1/windows/1/call", token: window, body: #"{"number":"A002"}"#)
            #expect(chosen.status == 200)
            #expect((chosen.json["called"] as? [String: Any])?["number"] as? String == "A002")
            // Window 2 serves 户籍 only.
            let elsewhere = try await client.call(.post, "/api/v1/windows/2/call", token: window, body: #"{"number":"A001"}"#)
            #expect(elsewhere.status == 409 && elsewhere.json["error"] as? String == "not_served_here")
            #expect((elsewhere.json["message"] as? String)?.contains("2 号窗口不办理社保") == true)
            let called = try await client.call(.post, "/api/v1/windows/2/call", token: window, body: #"{"number":"A002"}"#)
            #expect(called.json["error"] as? String == "wrong_state")
            #expect(try await client.call(.post, "/api/v1/windows/1/call", token: window, body: #"{"number":"A9"}"#).status == 404)
            #expect(try await client.call(.post, "/api/v1/windows/1/call", token: window, body: #"{"number":"九"}"#).status == 400)
            // Without a number, the next in turn: A001, then B001.
            let next = try await client.call(.post, "/api/v1/windows/1/call", token: window)
            #expect((next.json["called"] as? [String: Any])?["number"] as? String == "A001" && next.json["finished"] as? String == "A002")

            let walkIn = try await client.call(.post, "/api/v1/windows/1/walk-in", token: window, body: #"{"service":"huji"}"#)
            #expect(walkIn.status == 201)
            let ticket = walkIn.json["called"] as? [String: Any]
            #expect(ticket?["number"] as? String == "B002" && ticket?["state"] as? String == "serving", "\(walkIn.text)")
            #expect(walkIn.json["finished"] as? String == "A001")
            let refused = try await client.call(.post, "/api/v1/windows/2/walk-in", token: window, body: #"{"service":"shebao"}"#)
            #expect(refused.json["error"] as? String == "not_served_here")
            #expect(
                try await client.call(.post, "/api/v1/windows/1/walk-in", token: SmallHall.kioskToken, body: #"{"service":"huji"}"#).status
                    == 403)
        }
    }

    @Test("finishing with two matters: each with its outcome on the ticket; an outcome not in the list is a 400")
    func matters() async throws {
        try await TestHall.run { client in
            let window = SmallHall.windowToken
            _ = try await client.call(.post, "/api/v1/tickets", token: SmallHall.kioskToken, body: #"{"service":"shebao"}"#)
            _ = try await client.call(.post, "/api/v1/windows/1/call", token: window)
            let bad = try await client.call(
                .post, "/api/v1/windows/1/finish", token: window, body: #"{"matters":[{"service":"shebao","outcome":"好了"}]}"#)
            #expect(bad.status == 400 && bad.json["error"] as? String == "bad_json")
            let body = #"{"matters":[{"service":"shebao","outcome":"办结"},{"service":"huji","outcome":"补正告知"}]}"#
            #expect(try await client.call(.post, "/api/v1/windows/1/finish", token: window, body: body).status == 200)
            let ticket = try await client.call(.get, "/api/v1/tickets/A001")
            let matters = ticket.json["matters"] as? [[String: String]]
            #expect(matters == [["service": "shebao", "outcome": "办结"], ["service": "huji", "outcome": "补正告知"]], "\(ticket.text)")
        }
    }

    @Test("a hold sends the ticket away with its place kept; staff bring it back and it is called next; bad holds and returns are refused")
    func hold() async throws {
        try await TestHall.run { client in
            let window = SmallHall.windowToken
            for _ in 1...2 {
                _ = try await client.call(.post, "/api/v1/tickets", token: SmallHall.kioskToken, body: #"{"service":"shebao"}"#)
            }
            _ = try await client.call(.post, "/api/v1/windows/1/call", token: window)
            let bad = try await client.call(.post, "/api/v1/windows/1/hold", token: window, body: #"{"reason":"补材料","minutes":999}"#)
            #expect(bad.status == 409 && bad.json["error"] as? String == "bad_hold")
            let held = try await client.call(.post, "/api/v1/windows/1/hold", token: window, body: #"{"reason":"补材料","minutes":30}"#)
            #expect(held.status == 200 && held.json["current"] == nil, "\(held.text)")
            let ticket = try await client.call(.get, "/api/v1/tickets/A001")
            #expect(
                ticket.json["state"] as? String == "held" && ticket.json["holdReason"] as? String == "补材料"
                    && ticket.json["heldUntil"] != nil)
            #expect(try await client.call(.post, "/api/v1/tickets/A002/return", token: window).json["error"] as? String == "wrong_state")
            #expect(try await client.call(.post, "/api/v1/tickets/A001/return", token: SmallHall.kioskToken).status == 403)
            let back = try await client.call(.post, "/api/v1/tickets/A001/return", token: window)
            #expect(back.status == 200 && back.json["state"] as? String == "waiting")
            let next = try await client.call(.post, "/api/v1/windows/1/call", token: window)
            #expect((next.json["called"] as? [String: Any])?["number"] as? String == "A001")
        }
    }
}
