import Foundation
import HallServer
import HallTesting
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route of the API against every kind of credential: what each may do, as a table.
/// A route added without its row fails here.
@Suite("Routes × credentials")
struct CredentialTableTests {
    enum Credential: String, CaseIterable {
        case none, kiosk, display, evaluator, session, manager, auditor
    }

    /// Who may use each route (`all` for public ones). `{window}` is window 2, where the
    /// session is signed in; the evaluator is window 1's pad.
    static let allowed: [String: Set<Credential>] = {
        let all = Set(Credential.allCases)
        let readers: Set<Credential> = [.kiosk, .display, .session, .manager, .auditor]
        let atWindow: Set<Credential> = [.session, .manager]
        let technical: Set<Credential> = [.manager, .auditor]
        var table: [String: Set<Credential>] = [
            "GET /healthz": all, "GET /metrics": all, "GET /openapi.yaml": all,
            "GET /kiosk/{kiosk}": all, "GET /window/{window}": all, "GET /evaluate/{window}": all, "GET /admin": all,
            "GET /ticket/{number}": all, "GET /display": all,
            "GET /api/v1/tickets/{number}": all,
            // The key from the ticket's QR code, not a token, opens it.
            "GET /api/v1/tickets/{number}/follow": [],
            "POST /api/v1/windows/{window}/sign-in": all,
            "GET /api/v1/services": readers, "GET /api/v1/windows": readers, "GET /api/v1/display": readers,
            "GET /api/v1/pause-reasons": readers,
            "GET /api/v1/devices": readers,
            "GET /api/v1/events": readers.union([.evaluator]),
            "POST /api/v1/tickets": [.kiosk, .session, .manager],
            "POST /api/v1/tickets/{number}/cancel": atWindow, "POST /api/v1/tickets/{number}/requeue": atWindow,
            "POST /api/v1/tickets/{number}/return": atWindow,
            "POST /api/v1/tickets/{number}/print": atWindow,
            "POST /api/v1/tickets/{number}/evaluation": [.evaluator, .manager],
            "POST /api/v1/windows/{window}/sign-out": atWindow,
            "GET /api/v1/diagnostics": technical, "GET /api/v1/keypads/keys": technical, "GET /api/v1/devices/history": technical,
            "POST /api/v1/devices/{id}/test": [.manager], "POST /api/v1/reload": [.manager],
            "GET /api/v1/boards": technical.union([.display]),
            "POST /api/v1/buses/{bus}/boards/{address}/test": [.manager], "POST /api/v1/buses/{bus}/scan": [.manager],
            "GET /api/v1/announcements": technical.union([.display]), "POST /api/v1/announcements": [.manager],
            "POST /api/v1/appointments": [.manager],
            "GET /api/v1/kiosks/{kiosk}": [.kiosk, .manager, .auditor], "POST /api/v1/kiosks/{kiosk}/check-in": [.kiosk, .manager],
            "GET /api/v1/stats/today": technical, "GET /api/v1/reports": technical,
            "GET /api/v1/staff": technical, "POST /api/v1/staff": [.manager], "POST /api/v1/staff/{id}/disable": [.manager],
            "POST /api/v1/staff/{id}/pin": [.manager], "GET /api/v1/audit": technical,
        ]
        for action in ["call", "recall", "start", "finish", "no-show", "pause", "resume", "transfer", "walk-in", "hold"] {
            table["POST /api/v1/windows/{window}/\(action)"] = atWindow
        }
        return table
    }()

    @Test("each credential may use exactly the routes of its row; the rest answer 401 or 403 with a JSON error")
    func table() async throws {
        #expect(
            Set(Self.allowed.keys) == APITests.servedRoutes, "routes without a row: \(APITests.servedRoutes.subtracting(Self.allowed.keys))"
        )
        try await TestHall.run { client in
            let admin = SmallHall.adminToken
            for (id, pin) in [("1001", "246810"), ("1008", "808080"), ("1009", "909090")] {
                _ = try await client.call(
                    .post, "/api/v1/staff", token: admin, body: #"{"id":"\#(id)","name":"某人","duties":["window"],"pin":"\#(pin)"}"#)
            }
            let signIn = try await client.call(.post, "/api/v1/windows/2/sign-in", body: #"{"staff":"1001","pin":"246810"}"#)
            let session = try #require(signIn.json["token"] as? String)
            // A001 finished at window 1: the pad's ticket to rate.
            _ = try await client.call(.post, "/api/v1/tickets", token: SmallHall.kioskToken, body: #"{"service":"shebao"}"#)
            _ = try await client.call(.post, "/api/v1/windows/1/call", token: admin)
            _ = try await client.call(.post, "/api/v1/windows/1/finish", token: admin)
            let tokens: [Credential: String?] = [
                .none: nil, .kiosk: SmallHall.kioskToken, .display: SmallHall.displayToken, .evaluator: "pad-token-window-1",
                .session: session, .manager: "manager-token-123", .auditor: "auditor-token-123",
            ]
            // Signing out ends the session: that row goes last.
            let routes = Self.allowed.keys.sorted { ($0.hasSuffix("sign-out") ? 1 : 0, $0) < ($1.hasSuffix("sign-out") ? 1 : 0, $1) }
            for route in routes {
                let parts = route.split(separator: " ", maxSplits: 1)
                // Signing someone in at window 2 would end the session there: one person a window.
                let path = route.hasSuffix("/sign-in") ? "/api/v1/windows/1/sign-in" : Self.fill(String(parts[1]))
                for credential in Credential.allCases {
                    // The event stream never ends: only its refusals can be asked here (the
                    // daemon tests read it with every credential the pages use).
                    if route == "GET /api/v1/events" && Self.allowed[route]?.contains(credential) == true { continue }
                    let body =
                        parts[0] == "GET"
                        ? nil
                        : path.hasSuffix("/sign-in")
                            ? #"{"staff":"1009","pin":"909090"}"# : path.hasSuffix("/evaluation") ? #"{"rating":5}"# : "{}"
                    let answer = try await client.call(
                        parts[0] == "GET" ? .get : .post, path, token: tokens[credential] ?? nil, body: body)
                    let refused = [401, 403].contains(answer.status)
                    if Self.allowed[route]?.contains(credential) == true {
                        #expect(!refused, "\(credential.rawValue) refused at \(route): \(answer.status) \(answer.text.prefix(200))")
                    } else {
                        #expect(refused, "\(credential.rawValue) allowed at \(route): \(answer.status)")
                        #expect(!refused || answer.json["error"] != nil, "\(credential.rawValue) at \(route): no JSON error")
                    }
                }
            }
        }
    }

    /// A route's path with its parameters filled in.
    static func fill(_ path: String) -> String {
        path.replacingOccurrences(of: "{window}", with: "2").replacingOccurrences(of: "{number}", with: "A001")
            .replacingOccurrences(of: "{kiosk}", with: "K1").replacingOccurrences(of: "{bus}", with: "bus1")
            .replacingOccurrences(of: "{address}", with: "1").replacingOccurrences(of: "{id}", with: "1008")
    }
}
