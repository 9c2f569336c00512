import Foundation
import HallClient

/// Reads a daemon's server-sent events one by one, as a kiosk or display page does.
public final class EventStreamReader {
    private let connection: HTTPConnection

    public init(port: Int, token: String, timeout: TimeInterval = 15) throws {
        connection = HTTPConnection(host: "127.0.0.1", port: port, timeout: timeout)
        let head = try connection.openStream("/api/v1/events", token: token)
        guard head.status == 200 else { throw HarnessError("event stream answered \(head.status)") }
    }

    /// The next event: its type and its fields.
    public func next() throws -> (name: String, fields: [String: Any]) {
        var name = ""
        while true {
            let line = try connection.readLine()
            if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") {
                let fields = (try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8))) as? [String: Any] ?? [:]
                return (name, fields)
            }
        }
    }

    /// Skips events until one of type `name` that `matches`; fails when the stream goes quiet
    /// for longer than the timeout.
    @discardableResult
    public func waitFor(_ name: String, matching: ([String: Any]) -> Bool = { _ in true }) throws -> [String: Any] {
        while true {
            let event = try next()
            if event.name == name && matching(event.fields) { return event.fields }
        }
    }

    public func close() { connection.close() }
}
