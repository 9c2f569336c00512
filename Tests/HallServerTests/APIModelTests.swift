import Foundation
import HallAPIModels
import HallServer
import HallTesting
import Hummingbird
import HummingbirdTesting
import Testing

/// The server's answers are the shared model types, read back the way every client reads them:
/// a field renamed on one side only fails here.
@Suite("Answers decode as the shared API models")
struct APIModelTests {
    func decode<Answer: Decodable>(_ type: Answer.Type, _ answer: (status: Int, json: [String: Any], text: String)) throws -> Answer {
        try APIJSON.decoder.decode(type, from: Data(answer.text.utf8))
    }

    @Test("tickets, calls, windows, services, the display and today's figures")
    func answers() async throws {
        try await TestHall.run { client in
            let request = String(decoding: try APIJSON.requestEncoder.encode(IssueRequest(service: "shebao", kiosk: nil)), as: UTF8.self)
            let issued = try decode(
                TicketView.self, try await client.call(.post, "/api/v1/tickets", token: SmallHall.kioskToken, body: request))
            #expect(issued.number == "A001")
            #expect(issued.channel == .kiosk)
            let call = try decode(CallView.self, try await client.call(.post, "/api/v1/windows/1/call", token: SmallHall.windowToken))
            #expect(call.called.number == "A001")
            #expect(call.called.state == .called)
            let transfer = String(decoding: try APIJSON.requestEncoder.encode(TransferRequest(service: "huji")), as: UTF8.self)
            let window = try decode(
                WindowView.self, try await client.call(.post, "/api/v1/windows/1/transfer", token: SmallHall.windowToken, body: transfer))
            #expect(window.current == nil)
            let windows = try decode([WindowView].self, try await client.call(.get, "/api/v1/windows", token: SmallHall.displayToken))
            #expect(windows.map(\.number) == [1, 2])
            let services = try decode([ServiceView].self, try await client.call(.get, "/api/v1/services", token: SmallHall.displayToken))
            #expect(services.first { $0.id == "huji" }?.waiting == 1)
            let display = try decode(DisplayView.self, try await client.call(.get, "/api/v1/display", token: SmallHall.displayToken))
            // A001 went on to 户籍: it waits there again, and leaves the calls.
            #expect(display.services.first { $0.id == "huji" }?.waiting == 1)
            let figures = try decode(TodayFigures.self, try await client.call(.get, "/api/v1/stats/today", token: SmallHall.adminToken))
            #expect(figures.services["huji"]?.tickets == 1)
            let health = try decode(HealthView.self, try await client.call(.get, "/healthz"))
            #expect(health.status == "ok")
            let refused = try decode(APIFailure.self, try await client.call(.post, "/api/v1/windows/9/call", token: SmallHall.windowToken))
            #expect(refused.error == "unknown_window")
        }
    }
}
