import Foundation
import HallAPIModels
import HallCore
import HallStore
import Hummingbird

/// A citizen's phone following its ticket live (server-sent events, `event: ticket`): the
/// ticket as it stands at once, then again each time an event moves it (a call in its service,
/// its own call, a hold ...), and never the same twice in a row.
enum TicketFollow {
    static func response(_ number: TicketNumber, engine: HallEngine, events: AsyncStream<JournaledEvent>) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n: following \(number)\n\n"))
                var last = ""
                func send() async throws {
                    guard let data = await view(number, engine: engine), data != last else { return }
                    last = data
                    try await writer.write(ByteBuffer(string: "event: ticket\ndata: \(data)\n\n"))
                }
                try await send()
                for await entry in events where moves(entry.event) { try await send() }
                try await writer.finish(nil)
            })
    }

    /// Events that can change where a ticket stands; the devices' and kiosks' cannot.
    static func moves(_ event: HallEvent) -> Bool {
        switch event {
        case .deviceChanged, .kioskIdentified, .kioskNotice, .ticketPrinted, .selfTest, .appointmentBooked, .staffSignedIn,
            .staffSignedOut, .staffLocked:
            false
        default: true
        }
    }

    private static func view(_ number: TicketNumber, engine: HallEngine) async -> String? {
        let followed = await engine.read { hall in
            hall.ticket(number).map {
                FollowedTicket(
                    ticket: TicketView($0, in: hall, ahead: hall.peopleAhead(of: number)), notifyAhead: hall.definition.policy.notifyAhead,
                    guide: hall.definition.guides[$0.service])
            }
        }
        return followed.flatMap { try? APIJSON.encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
    }
}
