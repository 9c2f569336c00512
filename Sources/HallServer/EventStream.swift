import Foundation
import HallAPIModels
import HallCore
import HallStore
import Hummingbird

/// Server-sent events: one message per journaled event,
/// `id: <sequence>`, `event: ticket.called`, `data: {"type":"ticket.called","sequence":...,"number":"A001",...}`.
public enum EventStream {
    static func response(_ events: AsyncStream<JournaledEvent>) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                // Browsers reconnect after this many milliseconds when the daemon restarts.
                try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                for await entry in events {
                    try await writer.write(ByteBuffer(string: message(entry)))
                }
                try await writer.finish(nil)
            })
    }

    static func message(_ entry: JournaledEvent) -> String {
        "id: \(entry.sequence)\nevent: \(entry.event.name)\ndata: \(data(entry))\n\n"
    }

    /// The event's public view (no keyed hashes) flattened into one object with its type and
    /// sequence.
    public static func data(_ entry: JournaledEvent) -> String {
        guard let encoded = try? APIJSON.encoder.encode(PublicEvent(entry.event)),
            let wrapper = try? JSONSerialization.jsonObject(with: encoded) as? [String: Any],
            var fields = wrapper.values.first as? [String: Any]
        else { return #"{"type":"\#(entry.event.name)","sequence":\#(entry.sequence)}"# }
        fields["type"] = entry.event.name
        fields["sequence"] = entry.sequence
        fields["staff"] = entry.staff
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
