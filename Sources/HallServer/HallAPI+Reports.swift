import Foundation
import HallAPIModels
import HallCore
import HallStore
import Hummingbird

extension HallAPI {
    func addReportRoutes(to router: Router<Context>) {
        // Managers and auditors read the figures; an auditor changes nothing.
        router.get("/api/v1/reports") { request, _ in
            try authorize(request, [.admin, .manager, .auditor])
            let query = request.uri.queryParameters
            let by = query.get("by") ?? "service"
            let (from, to) = try period(from: query.get("from"), to: query.get("to"))
            let definition = await engine.read(\.definition)
            let names = Dictionary(((try? engine.staff.all()) ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            guard let report = try engine.rollups.report(from: from, to: to, by: by, definition: definition, staffNames: names) else {
                throw APIError(
                    .badRequest, "bad_dimension",
                    "by 须为 \(Rollups.dimensions.joined(separator: "、")) 之一 / by must be one of \(Rollups.dimensions.joined(separator: ", "))"
                )
            }
            return JSON.response(report)
        }
    }

    /// A report's period: two dates (YYYY-MM-DD), in order.
    private func period(from: String?, to: String?) throws -> (String, String) {
        guard let from, let to, let start = LocalTime.dayNumber(of: from), let end = LocalTime.dayNumber(of: to) else {
            throw APIError(.badRequest, "bad_period", "需要 from 和 to，格式 2026-11-01 / from and to are dates such as 2026-11-01")
        }
        guard start <= end else { throw APIError(.badRequest, "bad_period", "from 晚于 to / from is after to") }
        return (LocalTime.dateString(dayNumber: start), LocalTime.dateString(dayNumber: end))
    }
}
