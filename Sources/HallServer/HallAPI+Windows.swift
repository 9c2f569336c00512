import Foundation
import HallAPIModels
import HallConfig
import HallCore
import Hummingbird

/// What a window does: call (the next, or a chosen number), walk-ins, recall, start, finish
/// with its matters, no-show, hold, transfer, pause and resume; each by the session signed in at
/// that window, the shared window token, or a manager.
extension HallAPI {
    func addWindowRoutes(to router: Router<Context>) {
        router.post("/api/v1/windows/{window}/call") { request, context in
            let window = try windowNumber(context)
            let staff = try authorizeAtWindow(request, window)
            // With a number, that ticket (指呼); without, the next.
            let chosen = try await JSON.decodeIfPresent(CallRequest.self, from: request)?.number.map { text in
                guard let number = TicketNumber(text) else {
                    throw APIError(
                        .badRequest, "bad_ticket_number", "号码格式错误：\(text) / not a ticket number: \(text) (expected such as A001)")
                }
                return number
            }
            let command: HallCommand = chosen.map { .callNumber(window: window, number: $0) } ?? .callNext(window: window)
            guard let called = try await call(command, at: window, by: staff) else { return Response(status: .noContent) }
            return JSON.response(called)
        }
        router.post("/api/v1/windows/{window}/walk-in") { request, context in
            let window = try windowNumber(context)
            let staff = try authorizeAtWindow(request, window)
            let body = try await JSON.decode(WalkInRequest.self, from: request)
            guard let called = try await call(.walkIn(window: window, service: body.service), at: window, by: staff) else {
                throw APIError(.internalServerError, "internal", "the walk-in was not issued")
            }
            return JSON.response(called, status: .created)
        }
        let windowActions: [(String, @Sendable (Int) -> HallCommand)] = [
            ("recall", { .recall(window: $0) }),
            ("start", { .startService(window: $0) }),
            ("no-show", { .noShow(window: $0) }),
            ("resume", { .resume(window: $0) }),
        ]
        for (path, command) in windowActions {
            router.post("/api/v1/windows/{window}/\(path)") { request, context in
                let window = try windowNumber(context)
                let staff = try authorizeAtWindow(request, window)
                return try await windowCommand(command(window), at: window, by: staff)
            }
        }
        router.post("/api/v1/windows/{window}/pause") { request, context in
            let window = try windowNumber(context)
            let staff = try authorizeAtWindow(request, window)
            let reason = try pauseReason(try await JSON.decodeIfPresent(PauseRequest.self, from: request))
            return try await windowCommand(.pause(window: window, reason: reason), at: window, by: staff)
        }
        router.get("/api/v1/pause-reasons") { request, _ in
            try authorize(request, Role.readers)
            return JSON.response(configuration.value.definition.policy.pauseReasons)
        }
        router.post("/api/v1/windows/{window}/hold") { request, context in
            let window = try windowNumber(context)
            let staff = try authorizeAtWindow(request, window)
            let body = try await JSON.decode(HoldRequest.self, from: request)
            return try await windowCommand(.hold(window: window, reason: body.reason, minutes: body.minutes), at: window, by: staff)
        }
        router.post("/api/v1/windows/{window}/finish") { request, context in
            let window = try windowNumber(context)
            let staff = try authorizeAtWindow(request, window)
            let matters = try await JSON.decodeIfPresent(FinishRequest.self, from: request)?.matters ?? []
            return try await windowCommand(.finish(window: window, matters: matters), at: window, by: staff)
        }
        router.post("/api/v1/windows/{window}/transfer") { request, context in
            let window = try windowNumber(context)
            let staff = try authorizeAtWindow(request, window)
            let body = try await JSON.decode(TransferRequest.self, from: request)
            return try await windowCommand(.transfer(window: window, toService: body.service), at: window, by: staff)
        }
    }

    /// A command that calls a ticket to a window: the ticket called, and the one it finished.
    private func call(_ command: HallCommand, at window: Int, by staff: String?) async throws -> CallView? {
        try await engine.execute(command, by: staff) { hall, events -> CallView? in
            var finished: String?
            for event in events {
                if case .ticketFinished(let number, _, _) = event { finished = number.description }
                if case .ticketCalled(let number, _, _) = event, let ticket = hall.ticket(number) {
                    return CallView(window: window, called: TicketView(ticket, in: hall, ahead: nil), finished: finished)
                }
            }
            return nil
        }
    }

    private func windowCommand(_ command: HallCommand, at window: Int, by staff: String?) async throws -> Response {
        let view = try await engine.execute(command, by: staff) { hall, _ in hall.definition.window(window).map { WindowView($0, in: hall) }
        }
        guard let view else { throw HallError.unknownWindow(window) }
        return JSON.response(view)
    }

    /// A pause's reason, one of the hall's; 其他 (other) with its note.
    private func pauseReason(_ body: PauseRequest?) throws -> String? {
        guard let reason = body?.reason else { return nil }
        let reasons = configuration.value.definition.policy.pauseReasons
        guard reasons.contains(reason) else {
            throw APIError(
                .badRequest, "bad_pause_reason", "暂停原因应为 \(reasons.joined(separator: "、")) 之一 / the reason must be one of the hall's")
        }
        guard reason == "其他" else { return reason }
        guard let note = body?.note?.trimmingCharacters(in: .whitespacesAndNewlines), (1...100).contains(note.count) else {
            throw APIError(.badRequest, "pause_note_needed", "“其他”需要说明（最多 100 字）/ other needs a note of at most 100 characters")
        }
        return "其他：\(note)"
    }
}
