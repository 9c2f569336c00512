import Foundation
import HallAPIModels
import HallConfig
import HallCore
import Hummingbird

/// The hall's TV display (`/display`), what it reads (`/api/v1/display`), and the voice's queue.
extension HallAPI {
    func addDisplayRoutes(to router: Router<Context>) {
        // The page holds no data: it asks with the token in its address (`/display?token=...`).
        router.get("/display") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(string: Pages.display)))
        }

        router.get("/api/v1/display") { request, _ in
            try authorize(request, Role.readers)
            let now = clock()
            let settings = configuration.value
            return JSON.response(
                await engine.read { hall in
                    DisplayView(hall, notice: settings.displayNotice, showingNames: settings.displayShowsNames, at: now)
                })
        }

        router.get("/api/v1/announcements") { request, _ in
            try authorize(request, [.admin, .technician, .display])
            return JSON.response(await announcements?.recent ?? [])
        }

        router.post("/api/v1/announcements") { request, _ in
            try authorize(request, [.admin])
            let ask = try await JSON.decode(AnnouncementRequest.self, from: request)
            guard let announcements else { throw APIError(.conflict, "no_voice", "本大厅未配置语音 / the hall has no voice configured") }
            guard ask.kind == "closing" else {
                throw APIError(.badRequest, "bad_kind", "只能手动播报 closing（下班提醒）/ only the closing announcement is asked for by hand")
            }
            announcements.request(ask.kind)
            return Response(status: .accepted)
        }
    }
}

extension DisplayView {
    init(_ hall: Hall, notice: String?, showingNames: Bool, at now: Date) {
        let called = hall.tickets.values.filter { $0.calledAt != nil && $0.window != nil }.sorted { $0.calledAt! > $1.calledAt! }.prefix(12)
        let calls = called.map { ticket in
            let service = hall.definition.service(ticket.service)
            let window = ticket.window ?? 0
            return Call(
                number: ticket.number.description, window: window,
                windowName: hall.definition.windows.first { $0.number == window }?.name ?? "\(window)号窗口",
                service: service?.nameZh ?? ticket.service, serviceEn: service?.nameEn ?? ticket.service, calledAt: ticket.calledAt!,
                current: hall.windows[window]?.current == ticket.number, name: showingNames ? ticket.holderName : nil)
        }
        let services = hall.definition.services.map { service in
            let view = ServiceView(service, in: hall, at: now)
            return Queue(
                id: service.id, name: service.nameZh, nameEn: service.nameEn, waiting: view.waiting,
                estimatedWaitMinutes: view.estimatedWaitMinutes, openNow: view.openNow)
        }
        self.init(
            hall: hall.definition.name, notice: notice ?? "欢迎来到\(hall.definition.name)，请留意叫号 / Welcome, please watch for your number",
            now: now, calls: calls, services: services,
            guides: hall.definition.services.compactMap { service in
                hall.definition.guides[service.id].map { Guide(service: service.nameZh, materials: $0.materials, timeLimit: $0.timeLimit) }
            })
    }
}
