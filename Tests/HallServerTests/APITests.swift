import Foundation
import HallServer
import HallTesting
import Hummingbird
import HummingbirdTesting
import Testing
import Yams

@Suite("The HTTP API")
struct APITests {
    @Test("a ticket is issued, called, recalled, transferred and finished through the API")
    func journey() async throws {
        try await TestHall.run { client in
            let issued = try await client.call(.post, "/api/v1/tickets", token: "kiosk-token-123", body: #"{"service":"shebao"}"#)
            #expect(issued.status == 201)
            #expect(issued.json["number"] as? String == "A001")
            #expect(issued.json["serviceName"] as? String == "社保")
            #expect(issued.json["channel"] as? String == "kiosk")
            #expect(issued.json["ahead"] as? Int == 0)
            let second = try await client.call(
                .post, "/api/v1/tickets", token: "window-token-123", body: #"{"service":"shebao","priority":"green"}"#)
            #expect(second.json["channel"] as? String == "staff")
            let status = try await client.call(.get, "/api/v1/tickets/A001")
            #expect(status.json["ahead"] as? Int == 1)

            let called = try await client.call(.post, "/api/v1/windows/1/call", token: "window-token-123")
            #expect(called.status == 200)
            #expect((called.json["called"] as? [String: Any])?["number"] as? String == "A002")
            #expect(try await client.call(.post, "/api/v1/windows/1/recall", token: "window-token-123").status == 200)
            let transferred = try await client.call(
                .post, "/api/v1/windows/1/transfer", token: "window-token-123", body: #"{"service":"huji"}"#)
            #expect(transferred.status == 200)
            let moved = try await client.call(.get, "/api/v1/tickets/A002")
            #expect(moved.json["state"] as? String == "transferred")
            #expect(moved.json["service"] as? String == "huji")
            let atTwo = try await client.call(.post, "/api/v1/windows/2/call", token: "window-token-123")
            #expect((atTwo.json["called"] as? [String: Any])?["number"] as? String == "A002")
            #expect(try await client.call(.post, "/api/v1/windows/2/finish", token: "admin-token-123").status == 200)
            #expect(try await client.call(.post, "/api/v1/windows/2/call", token: "window-token-123").status == 204)
            let windows = try await client.call(.get, "/api/v1/windows", token: "display-token-123")
            #expect(windows.status == 200 && windows.text.contains("\"number\":2"))
        }
    }

    @Test(
        "bad requests get a clear 4xx JSON error",
        arguments: [
            ("POST", "/api/v1/tickets", "kiosk-token-123", #"{"service":"#, 400, "bad_json"),
            ("POST", "/api/v1/tickets", "kiosk-token-123", #"{"servic":"shebao"}"#, 400, "bad_json"),
            ("POST", "/api/v1/tickets", "kiosk-token-123", #"{"service":42}"#, 400, "bad_json"),
            ("POST", "/api/v1/tickets", "kiosk-token-123", #"{"service":"shebao","priority":"vip"}"#, 400, "bad_json"),
            ("POST", "/api/v1/tickets", "kiosk-token-123", #"[]"#, 400, "bad_json"),
            ("POST", "/api/v1/tickets", "kiosk-token-123", #"{"service":"nope"}"#, 404, "unknown_service"),
            ("POST", "/api/v1/tickets", "kiosk-token-123", #"{"service":"hunyin"}"#, 409, "service_closed"),
            ("POST", "/api/v1/tickets", "", #"{"service":"shebao"}"#, 401, "unauthorized"),
            ("POST", "/api/v1/tickets", "wrong-token-123", #"{"service":"shebao"}"#, 401, "unauthorized"),
            ("POST", "/api/v1/tickets", "display-token-123", #"{"service":"shebao"}"#, 403, "forbidden"),
            ("POST", "/api/v1/windows/1/call", "kiosk-token-123", "", 403, "forbidden"),
            ("POST", "/api/v1/windows/99/call", "window-token-123", "", 404, "unknown_window"),
            ("POST", "/api/v1/windows/x/call", "window-token-123", "", 400, "bad_window_number"),
            ("POST", "/api/v1/windows/1/finish", "window-token-123", "", 409, "no_current_ticket"),
            ("POST", "/api/v1/windows/1/transfer", "window-token-123", #"{}"#, 400, "bad_json"),
            ("GET", "/api/v1/tickets/A999", "", "", 404, "unknown_ticket"),
            ("GET", "/api/v1/tickets/%E4%B8%AD", "", "", 400, "bad_ticket_number"),
            ("POST", "/api/v1/tickets/A001/cancel", "window-token-123", "", 404, "unknown_ticket"),
            ("GET", "/api/v1/services", "", "", 401, "unauthorized"),
            ("GET", "/no/such/path", "", "", 404, "http_404"),
        ])
    func badInput(method: String, path: String, token: String, body: String, status: Int, code: String) async throws {
        try await TestHall.run { client in
            let answer = try await client.call(
                HTTPRequest.Method(method)!, path, token: token.isEmpty ? nil : token, body: body.isEmpty ? nil : body)
            #expect(answer.status == status, "\(answer.text)")
            #expect(answer.json["error"] as? String == code, "\(answer.text)")
            #expect((answer.json["message"] as? String)?.isEmpty == false)
            // The hall still answers afterwards.
            #expect(try await client.call(.get, "/healthz").status == 200)
        }
    }

    @Test("over quota is refused with the quota in the message")
    func overQuota() async throws {
        try await TestHall.run { client in
            for _ in 0..<3 {
                #expect(
                    try await client.call(.post, "/api/v1/tickets", token: "kiosk-token-123", body: #"{"service":"gongjijin"}"#).status
                        == 201)
            }
            let refused = try await client.call(.post, "/api/v1/tickets", token: "kiosk-token-123", body: #"{"service":"gongjijin"}"#)
            #expect(refused.status == 409)
            #expect(refused.json["error"] as? String == "quota_reached")
            #expect((refused.json["message"] as? String)?.contains("限 3 号") == true)
        }
    }

    @Test("an oversized body is refused with 413")
    func oversizedBody() async throws {
        try await TestHall.run { client in
            let huge = #"{"service":""# + String(repeating: "x", count: 100_000) + #""}"#
            let answer = try await client.call(.post, "/api/v1/tickets", token: "kiosk-token-123", body: huge)
            #expect(answer.status == 413)
            #expect(answer.json["error"] as? String == "body_too_large")
        }
    }

    @Test("metrics are Prometheus text with the queue gauges")
    func metrics() async throws {
        try await TestHall.run { client in
            _ = try await client.call(.post, "/api/v1/tickets", token: "kiosk-token-123", body: #"{"service":"huji"}"#)
            let metrics = try await client.call(.get, "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.text.contains(#"hall_tickets_waiting{service="huji"} 1"#))
            #expect(metrics.text.contains(#"hall_tickets_issued_total{service="huji"} 1"#))
            #expect(metrics.text.contains("# HELP hall_tickets_waiting Tickets waiting per service"))
            #expect(metrics.text.contains("hall_ticket_issue_seconds_count 1"), "\(metrics.text)")
            #expect(metrics.text.contains("hall_journal_healthy 1"))
        }
    }

    @Test("the OpenAPI document describes exactly the routes the router serves")
    func openAPIMatchesRoutes() async throws {
        try await TestHall.run { client in
            let document = try await client.call(.get, "/openapi.yaml")
            let yaml = try #require(try Yams.load(yaml: document.text) as? [String: Any])
            let paths = try #require(yaml["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } })
            #expect(
                documented == Self.servedRoutes,
                "documented but not served: \(documented.subtracting(Self.servedRoutes)); served but not documented: \(Self.servedRoutes.subtracting(documented))"
            )
        }
    }

    /// The router's own list of routes, with `{name}` parameters as OpenAPI writes them.
    static let servedRoutes: Set<String> = {
        let api = try? APIFixture.api()
        return Set(
            (api?.router().routes ?? []).map { route in
                let path = route.path.description.split(separator: "/").map { part in
                    part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                }.joined(separator: "/")
                return "\(route.method) /\(path)"
            })
    }()
}
