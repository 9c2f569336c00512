import Foundation
import HallAPIModels
import HallCore
import Hummingbird

/// Check-in at kiosks and the bookings from the online platform.
extension HallAPI {
    func addKioskRoutes(to router: Router<Context>) {
        router.post("/api/v1/appointments") { request, _ in
            try authorize(request, [.admin])
            // A day's bookings of a large hall run to a few hundred KiB.
            let batch = try await JSON.decode(AppointmentBatch.self, from: request, limitKiB: 4096)
            let timeZone = configuration.value.definition.policy.timeZone
            let appointments = try batch.appointments.enumerated().map { try $1.appointment(index: $0, timeZone: timeZone) }
            let imported = try await engine.execute(.importAppointments(appointments)) { _, events in
                events.count { $0.name == "appointment.booked" }
            }
            return JSON.response(
                AppointmentImport(received: appointments.count, imported: imported, unchanged: appointments.count - imported))
        }

        // A reprint on purpose: the ticket's job is sent again and recorded again.
        router.post("/api/v1/tickets/{number}/print") { request, context in
            try authorize(request, [.window, .admin, .technician])
            let number = try ticketNumber(context)
            let kiosk = try kioskID(try await JSON.decode(PrintRequest.self, from: request).kiosk)
            guard await engine.read({ $0.ticket(number) }) != nil else { throw HallError.unknownTicket(number.description) }
            guard let reprint, await reprint(number, kiosk) else {
                throw APIError(.conflict, "no_printer", "\(kiosk) 没有配置打印机 / kiosk \(kiosk) has no printer")
            }
            return JSON.response(PrintAccepted(number: number.description, kiosk: kiosk), status: .accepted)
        }

        router.get("/api/v1/kiosks/{kiosk}") { request, context in
            try authorize(request, [.kiosk, .admin, .technician])
            let kiosk = try kioskID(context.parameters.get("kiosk"), for: request)
            let found = configuration.value.kiosks.first { $0.id == kiosk }!
            return JSON.response(
                KioskView(
                    id: found.id, name: found.name, services: found.services,
                    textReminders: reminders != nil && configuration.value.textGateway != nil))
        }

        router.post("/api/v1/kiosks/{kiosk}/check-in") { request, context in
            try authorize(request, [.kiosk, .admin])
            let kiosk = try kioskID(context.parameters.get("kiosk"), for: request)
            let body = try await JSON.decode(CheckInRequest.self, from: request)
            return try await issue(.checkIn(.code(body.code), kiosk: kiosk))
        }
    }

    /// A configured kiosk's id, or 404.
    func kioskID(_ text: String?) throws -> String {
        let id = text ?? ""
        guard configuration.value.kiosks.contains(where: { $0.id == id }) else {
            throw APIError(.notFound, "unknown_kiosk", "没有自助终端 \(id) / no kiosk \(id)")
        }
        return id
    }

    /// A kiosk a request names: a kiosk's own token acts for that kiosk only.
    func kioskID(_ text: String?, for request: Request) throws -> String {
        let id = try kioskID(text)
        if let own = ownKiosk(request), own != id {
            throw APIError(.forbidden, "other_kiosk", "此令牌属于自助终端 \(own)，不能代 \(id) 操作 / this token is kiosk \(own)'s, not \(id)'s")
        }
        return id
    }

    /// The kiosk whose own token (`kiosks[].token`) the request carries.
    func ownKiosk(_ request: Request) -> String? {
        guard case .kiosk(let id)? = bearer(request).flatMap(configuration.credential(for:)) else { return nil }
        return id
    }
}
