import Foundation
import HallAPIModels
import HallCore
import Hummingbird

/// The pages people use (kiosk, window console, evaluation pad, admin view, a ticket's own
/// page) and what only they need: evaluations and today's figures.
extension HallAPI {
    func addPageRoutes(to router: Router<Context>) {
        // The pages hold no data and no token: they are given it in their address (?token=).
        for (path, html) in [
            ("/kiosk/{kiosk}", Pages.kiosk), ("/window/{window}", Pages.window), ("/evaluate/{window}", Pages.evaluate),
            ("/admin", Pages.admin), ("/ticket/{number}", Pages.ticket),
        ] {
            router.get(RouterPath(path)) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
                    body: .init(byteBuffer: ByteBuffer(string: html)))
            }
        }

        // A rating: from a window's evaluation pad (window token) or the citizen's phone (the
        // key from the ticket's QR code).
        router.post("/api/v1/tickets/{number}/evaluation") { request, context in
            let number = try ticketNumber(context)
            let body = try await JSON.decode(RatingRequest.self, from: request)
            if request.headers[.authorization] != nil {
                // A window's own token may not rate its tickets: the pad's token, bound to the
                // window, rates only the ticket just finished there.
                let role = try authorize(request, [.evaluator, .admin, .manager])
                if role == .evaluator, case .pad(let window)? = bearer(request).flatMap(configuration.credential(for:)) {
                    let last = await engine.read { hall in hall.windows[window]?.lastFinished }
                    guard last == number else {
                        throw APIError(
                            .forbidden, "not_this_pad", "此评价器只能评价本窗口刚办结的号 / this pad rates only the ticket its window just finished")
                    }
                }
            } else {
                let day = await engine.read { $0.day } ?? ""
                guard let ticketKeys, let key = body.key, key == ticketKeys.key(day: day, number: number) else {
                    throw APIError(.unauthorized, "bad_key", "请扫描号票上的二维码评价 / please rate from the QR code on your ticket")
                }
            }
            return try await engine.execute(.evaluate(number: number, rating: body.rating, reasons: body.reasons ?? [])) { hall, _ in
                JSON.response(TicketView(hall.ticket(number)!, in: hall, ahead: nil), status: .created)
            }
        }

        router.get("/api/v1/stats/today") { request, _ in
            try authorize(request, [.admin])
            let now = clock()
            return JSON.response(await engine.read { TodayFigures($0, at: now) })
        }
    }
}

extension TodayFigures {
    init(_ hall: Hall, at now: Date) {
        let tickets = Array(hall.tickets.values)
        func times(_ chosen: [Ticket]) -> Times {
            var result = Times(tickets: chosen.count, served: 0, ratings: [:])
            let waits = chosen.compactMap { $0.waited.map { $0 / 60 } }.sorted()
            let services = chosen.compactMap { ticket -> Double? in
                guard ticket.state == .finished, let end = ticket.endedAt, let start = ticket.servingAt ?? ticket.calledAt else {
                    return nil
                }
                return end.timeIntervalSince(start) / 60
            }.sorted()
            result.served = services.count
            result.meanWaitMinutes = Self.mean(waits)
            result.p90WaitMinutes = Self.p90(waits)
            result.meanServiceMinutes = Self.mean(services)
            result.p90ServiceMinutes = Self.p90(services)
            let ratings = chosen.compactMap { $0.evaluation?.rating }
            for rating in ratings { result.ratings[Evaluation.levels[rating]?.zh ?? "\(rating)", default: 0] += 1 }
            result.meanRating = Self.mean(ratings.map(Double.init))
            return result
        }
        let services = Dictionary(
            uniqueKeysWithValues: hall.definition.services.map { service in (service.id, times(tickets.filter { $0.service == service.id }))
            })
        let windows = Dictionary(
            uniqueKeysWithValues: hall.definition.windows.map { window in
                (String(window.number), times(tickets.filter { $0.window == window.number }))
            })
        let waiting = tickets.filter { $0.state.isQueued }
        let overdue = waiting.compactMap { ticket -> Overdue? in
            guard let service = hall.definition.service(ticket.service) else { return nil }
            let waited = ticket.waited(until: now) / 60
            guard waited > service.overdueMinutes else { return nil }
            return Overdue(
                number: ticket.number.description, service: service.nameZh, waitedMinutes: Int(waited),
                limitMinutes: Int(service.overdueMinutes))
        }.sorted { $0.waitedMinutes > $1.waitedMinutes }
        let longestWaitMinutes = Int((waiting.map { $0.waited(until: now) }.max() ?? 0) / 60)
        let followUps = tickets.compactMap { ticket -> FollowUp? in
            guard let evaluation = ticket.evaluation, evaluation.needsFollowUp else { return nil }
            return FollowUp(
                number: ticket.number.description, window: evaluation.window, rating: evaluation.rating,
                level: Evaluation.levels[evaluation.rating]?.zh ?? "", reasons: evaluation.reasons, at: evaluation.at)
        }.sorted { $0.at > $1.at }
        self.init(
            services: services, windows: windows, overdue: overdue, longestWaitMinutes: longestWaitMinutes, followUps: followUps,
            pauseAlertMinutes: Int(hall.definition.policy.pauseAlert / 60))
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : (values.reduce(0, +) / Double(values.count) * 10).rounded() / 10
    }

    static func p90(_ sorted: [Double]) -> Double? {
        sorted.isEmpty ? nil : (sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.9).rounded(.up)) - 1)] * 10).rounded() / 10
    }
}
