import Foundation
import HallTesting
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Names on the display (display.show_names)")
struct DisplayNamesTests {
    /// Checks in the booked 张*三 at K1, calls the ticket at window 1, and gives the display's newest call.
    static func newestCall(_ client: any TestClientProtocol) async throws -> [String: Any]? {
        _ = try await client.call(.post, "/api/v1/appointments", token: SmallHall.adminToken, body: KioskAPITests.bookings)
        _ = try await client.call(.post, "/api/v1/kiosks/K1/check-in", token: SmallHall.kioskToken, body: #"{"code":"ON-TIME"}"#)
        _ = try await client.call(.post, "/api/v1/windows/1/call", token: SmallHall.windowToken)
        return (try await client.call(.get, "/api/v1/display", token: SmallHall.displayToken).json["calls"] as? [[String: Any]])?.first
    }

    @Test("off by default: the display gives numbers only; on, the called citizen's masked name, never more")
    func names() async throws {
        try await TestHall.run { client in
            let call = try await Self.newestCall(client)
            #expect(call?["number"] as? String == "A001" && call?["name"] == nil)
        }
        try await TestHall.run(yaml: TestHall.yaml + "\ndisplay:\n  show_names: true\n") { client in
            let call = try await Self.newestCall(client)
            #expect(call?["number"] as? String == "A001" && call?["name"] as? String == "张*三", "\(String(describing: call))")
        }
    }
}
