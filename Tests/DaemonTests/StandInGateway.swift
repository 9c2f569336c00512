import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// A stand-in SMS gateway for the tests: a small HTTP server on a port the system chose, which
/// keeps every message it accepted and can be taken "down" (answering 503, as a provider's
/// gateway behind a load balancer does during an outage).
final class StandInGateway: Sendable {
    struct Received: Sendable, Equatable {
        var id: String
        var phone: String
        var content: String
        var kind: String
        var number: String
    }

    /// What the server's handler and the test share.
    private final class Inbox: Sendable {
        let state = Mutex((accepted: [Received](), refused: 0, down: false))
    }
    private let inbox = Inbox()
    private let task: Task<Void, any Error>
    let port: Int

    init() async throws {
        let (ports, portReady) = AsyncStream.makeStream(of: Int.self)
        let inbox = self.inbox
        let router = Router()
        router.post("/send") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 64 * 1024)
            if inbox.state.withLock({ $0.down }) {
                inbox.state.withLock { $0.refused += 1 }
                return Response(status: .serviceUnavailable)
            }
            let fields = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: String] ?? [:]
            let received = Received(
                id: request.headers[HTTPField.Name("Idempotency-Key")!] ?? "", phone: fields["mobile"] ?? "",
                content: fields["content"] ?? "",
                kind: fields["kind"] ?? "", number: fields["number"] ?? "")
            inbox.state.withLock { $0.accepted.append(received) }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"code":"OK"}"#)))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portReady.yield(channel.localAddress?.port ?? 0) },
            logger: {
                var logger = Logger(label: "stand-in-gateway")
                logger.logLevel = .critical
                return logger
            }())
        task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        port = await iterator.next() ?? 0
    }

    var url: String { "http://127.0.0.1:\(port)/send" }
    var accepted: [Received] { inbox.state.withLock { $0.accepted } }
    var refused: Int { inbox.state.withLock { $0.refused } }
    func setDown(_ down: Bool) { inbox.state.withLock { $0.down = down } }

    func stop() { task.cancel() }

    /// The `sms` section that sends to this gateway: every value the tests look at in the body.
    func configuration(retryMaxSeconds: Int) -> String {
        """
        sms:
          url: \(url)
          headers: {Content-Type: application/json}
          body: '{"mobile": "{phone}", "content": "{message}", "kind": "{kind}", "number": "{number}"}'
          retry_max_seconds: \(retryMaxSeconds)
        """
    }
}
