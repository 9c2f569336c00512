import AsyncHTTPClient
import Foundation
import HallConfig
import HallIdentity
import HallServer
import HallStore
import Logging
import NIOCore
import ServiceLifecycle

/// Delivers the outbox's text reminders through the hall's SMS gateway (`sms` in hall.yaml),
/// oldest first: a message is marked delivered only when the gateway answered 2xx, tried again
/// with a doubling wait after a failure, and given up only when the gateway refuses it for good
/// (a 4xx other than 408 or 429) or it would come too late to help. The phone number is opened
/// here, for the request alone, and never logged.
struct TextMessageService: ServiceLifecycle.Service {
    let outbox: Outbox
    let sealer: ContactSealer
    let live: LiveConfiguration
    let logger: Logger
    /// How often the outbox is looked at when nothing is known to fall due sooner.
    static let poll: Duration = .seconds(1)

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if let gateway = live.value.textGateway {
                do {
                    for message in try outbox.due(channel: TextReminders.channel, at: Date()) {
                        await deliver(message, through: gateway, hall: live.value.definition.name)
                    }
                } catch {
                    logger.error("the outbox cannot be read", metadata: ["error": "\(error)"])
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: Self.poll) }
        }
    }

    private func deliver(_ message: Outbox.Message, through gateway: TextGateway, hall: String) async {
        let now = Date()
        do {
            if now.timeIntervalSince(message.createdAt) > gateway.giveUpAfter {
                try outbox.giveUp(message.id, reason: "too late: not delivered within sms.give_up_minutes", at: now)
                logger.warning("text reminder given up: too late", metadata: ["key": "\(message.key)"])
                return
            }
            guard let sealed = message.sealed, let phone = sealer.open(sealed),
                let body = try? JSONDecoder().decode(ReminderMessage.self, from: Data(message.body.utf8))
            else {
                try outbox.giveUp(message.id, reason: "unreadable: sealed under another hall secret or damaged", at: now)
                logger.error("text reminder given up: unreadable", metadata: ["key": "\(message.key)"])
                return
            }
            let values = TextGateway.Values(
                hall: hall, phone: phone.digits, number: body.number, kind: body.kind, window: body.window, ahead: body.ahead,
                id: message.key)
            switch await send(gateway.request(values), timeout: gateway.timeout) {
            case .success:
                try outbox.delivered(message.id, at: Date())
                logger.info("text reminder sent", metadata: ["key": "\(message.key)", "to": "\(phone.masked)"])
            case .failure(let failure):
                // Whatever the gateway or the network said, with the number masked in it.
                let reason = failure.reason.replacingOccurrences(of: phone.digits, with: phone.masked)
                if failure.permanent {
                    try outbox.giveUp(message.id, reason: reason, at: Date())
                    logger.error("text reminder refused by the gateway", metadata: ["key": "\(message.key)", "reason": "\(reason)"])
                } else {
                    let delay = gateway.retryDelay(after: message.attempts + 1)
                    try outbox.failed(message.id, reason: reason, retryAt: Date().addingTimeInterval(delay))
                    logger.warning(
                        "text reminder not sent; trying again",
                        metadata: ["key": "\(message.key)", "reason": "\(reason)", "in": "\(delay) s"])
                }
            }
        } catch {
            logger.error("the outbox cannot be written", metadata: ["key": "\(message.key)", "error": "\(error)"])
        }
    }

    struct SendFailure: Error {
        var reason: String
        /// The gateway refused the request itself: sending it again would be refused again.
        var permanent: Bool
    }

    private func send(_ filled: TextGateway.Request, timeout: TimeInterval) async -> Result<Void, SendFailure> {
        var request = HTTPClientRequest(url: filled.url)
        request.method = .init(rawValue: filled.method)
        for header in filled.headers { request.headers.add(name: header.name, value: header.value) }
        if !filled.body.isEmpty { request.body = .bytes(ByteBuffer(string: filled.body)) }
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            // The answer is read whole (and dropped), so that the connection can be used again.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let status = Int(response.status.code)
            if (200..<300).contains(status) { return .success(()) }
            let permanent = (400..<500).contains(status) && status != 408 && status != 429
            return .failure(SendFailure(reason: "HTTP \(status)", permanent: permanent))
        } catch {
            return .failure(SendFailure(reason: "\(error)", permanent: false))
        }
    }
}

/// Follows the hall's events for text reminders (`TextReminders.run`) while the daemon runs.
struct TextReminderService: ServiceLifecycle.Service {
    let reminders: TextReminders

    func run() async throws {
        await cancelWhenGracefulShutdown { await reminders.run() }
        // The event stream may end first, as the daemon stops: a service must not end before
        // it is told to.
        try? await gracefulShutdown()
    }
}
