import Foundation
import HallServer
import HallTesting
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Staff sign in at their window")
struct StaffTests {
    static let admin = SmallHall.adminToken

    @Test("a session acts at its own window only, ends when its person signs in elsewhere or is disabled")
    func sessions() async throws {
        try await TestHall.run { client in
            let added = try await client.call(
                .post, "/api/v1/staff", token: Self.admin, body: #"{"id":"1001","name":"张敏","duties":["window"],"pin":"246810"}"#)
            #expect(added.status == 201)
            #expect(!added.text.contains("246810") && !added.text.contains("scrypt"))
            let listed = try await client.call(.get, "/api/v1/staff", token: Self.admin)
            #expect(listed.text.contains("张敏") && !listed.text.contains("scrypt"))

            let signIn = try await client.call(.post, "/api/v1/windows/1/sign-in", body: #"{"staff":"1001","pin":"246810"}"#)
            #expect(signIn.status == 201)
            let token = try #require(signIn.json["token"] as? String)
            _ = try await client.call(.post, "/api/v1/tickets", token: SmallHall.kioskToken, body: #"{"service":"shebao"}"#)
            #expect(try await client.call(.post, "/api/v1/windows/1/call", token: token).status == 200)
            let elsewhere = try await client.call(.post, "/api/v1/windows/2/pause", token: token)
            #expect(elsewhere.status == 403 && elsewhere.json["error"] as? String == "other_window")

            // Signing in at window 2 ends the session at window 1.
            let second = try await client.call(.post, "/api/v1/windows/2/sign-in", body: #"{"staff":"1001","pin":"246810"}"#)
            var token2 = try #require(second.json["token"] as? String)
            #expect(try await client.call(.post, "/api/v1/windows/1/finish", token: token).status == 401)
            #expect(try await client.call(.post, "/api/v1/windows/2/pause", token: token2).status == 200)
            // A second person signing in at window 2 ends 1001's session there: one person a window.
            _ = try await client.call(
                .post, "/api/v1/staff", token: Self.admin, body: #"{"id":"1002","name":"李强","duties":["window"],"pin":"135790"}"#)
            let other = try await client.call(.post, "/api/v1/windows/2/sign-in", body: #"{"staff":"1002","pin":"135790"}"#)
            let token3 = try #require(other.json["token"] as? String)
            #expect(try await client.call(.post, "/api/v1/windows/2/resume", token: token2).status == 401)
            #expect(try await client.call(.post, "/api/v1/windows/2/resume", token: token3).status == 200)
            let again = try await client.call(.post, "/api/v1/windows/2/sign-in", body: #"{"staff":"1001","pin":"246810"}"#)
            let token4 = try #require(again.json["token"] as? String)
            #expect(try await client.call(.post, "/api/v1/windows/2/pause", token: token4).status == 200)
            #expect(try await client.call(.post, "/api/v1/windows/2/pause", token: token3).status == 401)
            token2 = token4

            #expect(try await client.call(.post, "/api/v1/staff/1001/disable", token: Self.admin).status == 200)
            #expect(try await client.call(.post, "/api/v1/windows/2/resume", token: token2).status == 401)
            let disabled = try await client.call(.post, "/api/v1/windows/2/sign-in", body: #"{"staff":"1001","pin":"246810"}"#)
            #expect(disabled.json["error"] as? String == "staff_disabled")
            #expect(try await client.call(.post, "/api/v1/windows/1/call").status == 401)

            // The audit lists all of it, refusals included; an auditor reads it and changes nothing.
            let auditor = "auditor-token-123"
            let trail = try await client.call(.get, "/api/v1/audit", token: auditor)
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(trail.text.utf8)) as? [[String: Any]])
            let lines = entries.map { "\($0["actor"] ?? "") \($0["action"] ?? "") \($0["outcome"] ?? "")" }
            for expected in [
                "admin POST /api/v1/staff ok", "1001 POST /api/v1/windows/1/sign-in ok", "1001 POST /api/v1/windows/1/call ok",
                "1001 POST /api/v1/windows/2/pause other_window", "- POST /api/v1/windows/1/finish unauthorized",
                "admin POST /api/v1/staff/1001/disable ok", "1001 POST /api/v1/windows/2/sign-in staff_disabled",
                "- POST /api/v1/windows/1/call unauthorized",
            ] {
                #expect(lines.contains(expected), "\(expected) not in \(lines)")
            }
            #expect(!lines.contains { $0.hasPrefix("kiosk ") }, "a kiosk's ticket is the citizen's, not audited")
            #expect(!trail.text.contains("246810"))
            #expect(try await client.call(.get, "/api/v1/audit?staff=1001", token: auditor).text.contains("other_window"))
            let write = try await client.call(.post, "/api/v1/staff/1001/pin", token: auditor, body: #"{"pin":"1111"}"#)
            #expect(write.status == 403)
        }
    }

    @Test("a session left idle longer than idle_sign_out_minutes ends")
    func idle() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_796_094_000))
        try await TestHall.run(clock: clock) { client in
            _ = try await client.call(
                .post, "/api/v1/staff", token: Self.admin, body: #"{"id":"1003","name":"赵磊","duties":["window"],"pin":"112233"}"#)
            let signIn = try await client.call(.post, "/api/v1/windows/1/sign-in", body: #"{"staff":"1003","pin":"112233"}"#)
            let token = try #require(signIn.json["token"] as? String)
            clock.advance(by: 29 * 60)
            #expect(try await client.call(.post, "/api/v1/windows/1/pause", token: token).status == 200)
            clock.advance(by: 31 * 60)
            #expect(try await client.call(.post, "/api/v1/windows/1/resume", token: token).status == 401)
        }
    }

    @Test("five wrong PINs lock the staff id, even against the right PIN; an unknown id gets the same answer as a wrong PIN")
    func lockout() async throws {
        try await TestHall.run { client in
            _ = try await client.call(
                .post, "/api/v1/staff", token: Self.admin, body: #"{"id":"1002","name":"王芳","duties":["window"],"pin":"135790"}"#)
            for _ in 1...5 {
                let wrong = try await client.call(.post, "/api/v1/windows/1/sign-in", body: #"{"staff":"1002","pin":"000000"}"#)
                #expect(wrong.status == 401 && wrong.json["error"] as? String == "bad_sign_in")
            }
            let locked = try await client.call(.post, "/api/v1/windows/1/sign-in", body: #"{"staff":"1002","pin":"135790"}"#)
            #expect(locked.status == 403 && locked.json["error"] as? String == "staff_locked")
            let unknown = try await client.call(.post, "/api/v1/windows/1/sign-in", body: #"{"staff":"7777","pin":"135790"}"#)
            #expect(unknown.status == 401 && unknown.json["error"] as? String == "bad_sign_in")
        }
    }

    @Test("a pause gives a reason from the hall's list; 其他 needs a note; the window shows why and since when")
    func pauseReasons() async throws {
        try await TestHall.run { client in
            let unknown = try await client.call(.post, "/api/v1/windows/1/pause", token: Self.admin, body: #"{"reason":"午睡"}"#)
            #expect(unknown.status == 400 && unknown.json["error"] as? String == "bad_pause_reason")
            let noNote = try await client.call(.post, "/api/v1/windows/1/pause", token: Self.admin, body: #"{"reason":"其他"}"#)
            #expect(noNote.json["error"] as? String == "pause_note_needed")
            let paused = try await client.call(.post, "/api/v1/windows/1/pause", token: Self.admin, body: #"{"reason":"其他","note":"系统维护"}"#)
            #expect(paused.status == 200 && paused.json["pauseReason"] as? String == "其他：系统维护" && paused.json["pausedSince"] != nil)
            #expect(try await client.call(.post, "/api/v1/windows/1/resume", token: Self.admin).json["pauseReason"] == nil)
            let plain = try await client.call(.post, "/api/v1/windows/2/pause", token: Self.admin)
            #expect(plain.status == 200 && plain.json["paused"] as? Bool == true)
        }
    }

    @Test("a kiosk cannot choose a green channel or a staff ticket")
    func kioskCannotChoose() async throws {
        try await TestHall.run { client in
            for body in [#"{"service":"shebao","priority":"green"}"#, #"{"service":"shebao","channel":"staff"}"#] {
                let refused = try await client.call(.post, "/api/v1/tickets", token: SmallHall.kioskToken, body: body)
                #expect(refused.status == 403 && refused.json["error"] as? String == "kiosk_cannot_choose", "\(refused.text)")
            }
            let green = try await client.call(
                .post, "/api/v1/tickets", token: SmallHall.windowToken, body: #"{"service":"shebao","priority":"green"}"#)
            #expect(green.status == 201)
        }
    }
}

@Suite("An evaluation pad's token")
struct EvaluatorTests {
    @Test("rates only the ticket its window just finished; a window's own token cannot rate; the pad can do nothing else")
    func pad() async throws {
        try await TestHall.run { client in
            let (admin, pad) = (SmallHall.adminToken, "pad-token-window-1")
            for _ in 1...3 {
                _ = try await client.call(.post, "/api/v1/tickets", token: SmallHall.kioskToken, body: #"{"service":"shebao"}"#)
            }
            _ = try await client.call(.post, "/api/v1/tickets", token: SmallHall.kioskToken, body: #"{"service":"huji"}"#)
            _ = try await client.call(.post, "/api/v1/windows/1/call", token: admin)  // A001
            _ = try await client.call(.post, "/api/v1/windows/1/finish", token: admin)
            _ = try await client.call(.post, "/api/v1/windows/2/call", token: admin)  // B001
            _ = try await client.call(.post, "/api/v1/windows/2/finish", token: admin)

            let byWindow = try await client.call(
                .post, "/api/v1/tickets/A001/evaluation", token: SmallHall.windowToken, body: #"{"rating":5}"#)
            #expect(byWindow.status == 403)
            let otherWindow = try await client.call(.post, "/api/v1/tickets/B001/evaluation", token: pad, body: #"{"rating":5}"#)
            #expect(otherWindow.status == 403 && otherWindow.json["error"] as? String == "not_this_pad")
            #expect(try await client.call(.post, "/api/v1/windows/1/call", token: pad).status == 403)

            _ = try await client.call(.post, "/api/v1/windows/1/call", token: admin)  // A002
            _ = try await client.call(.post, "/api/v1/windows/1/finish", token: admin)
            let stale = try await client.call(.post, "/api/v1/tickets/A001/evaluation", token: pad, body: #"{"rating":5}"#)
            #expect(stale.json["error"] as? String == "not_this_pad")
            let rated = try await client.call(.post, "/api/v1/tickets/A002/evaluation", token: pad, body: #"{"rating":4}"#)
            #expect(rated.status == 201, "\(rated.text)")
        }
    }
}
