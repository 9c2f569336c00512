import Foundation
import HallAPIModels
import HallCore
import HallIdentity
import HallStore
import Hummingbird

/// The hall's staff: the roster (managers), and signing in and out at a window. A session's
/// token acts only at its own window.
extension HallAPI {
    func addStaffRoutes(to router: Router<Context>) {
        router.get("/api/v1/audit") { request, _ in
            try authorize(request, [.admin, .manager, .auditor])
            guard let audit else { return JSON.response([AuditEntry]()) }
            let query = request.uri.queryParameters
            func date(_ key: String) throws -> Date? {
                guard let text = query.get(key) else { return nil }
                guard let date = try? Date(text, strategy: .iso8601) else {
                    throw APIError(
                        .badRequest, "bad_time", "\(key) 应为 ISO 8601 时间 / \(key) must be an ISO 8601 time such as 2026-12-03T08:00:00+08:00"
                    )
                }
                return date
            }
            let to = try date("to") ?? clock().addingTimeInterval(1)
            let from = try date("from") ?? to.addingTimeInterval(-86_400)
            do {
                return JSON.response(
                    try audit.entries(from: from, to: to, actor: query.get("staff"), window: query.get("window").flatMap { Int($0) }))
            } catch {
                throw APIError(.serviceUnavailable, "audit_unavailable", "审计记录暂时无法读取 / the audit trail cannot be read: \(error)")
            }
        }
        router.get("/api/v1/staff") { request, _ in
            try authorize(request, [.admin, .manager, .auditor])
            return JSON.response(try desk.roster { try $0.all() })
        }
        router.post("/api/v1/staff") { request, _ in
            try authorize(request, [.admin, .manager])
            let body = try await JSON.decode(NewStaffRequest.self, from: request)
            guard StaffMember.isValidID(body.id) else {
                throw APIError(.badRequest, "bad_staff_id", "工号应为 1–16 位字母或数字 / a staff id is 1 to 16 letters or digits")
            }
            let services = body.services ?? []
            let known = configuration.value.definition.services.map(\.id)
            if let unknown = services.first(where: { !known.contains($0) }) { throw HallError.unknownService(unknown) }
            let member = StaffMember(id: body.id, name: body.name, duties: body.duties, services: services)
            let hash = try await StaffDesk.hash(body.pin)
            try desk.roster { try $0.add(member, pinHash: hash.text) }
            return JSON.response(member, status: .created)
        }
        router.post("/api/v1/staff/{id}/disable") { request, context in
            try authorize(request, [.admin, .manager])
            let id = context.parameters.get("id") ?? ""
            try desk.roster { try $0.setDisabled(id, true) }
            // Disabling ends the person's sessions at once.
            await desk.endSessions(sessions.end(staff: id), reason: "disabled")
            return JSON.response(try desk.roster { try $0.entry(id)?.member })
        }
        router.post("/api/v1/staff/{id}/pin") { request, context in
            try authorize(request, [.admin, .manager])
            let id = context.parameters.get("id") ?? ""
            let hash = try await StaffDesk.hash(try await JSON.decode(PINRequest.self, from: request).pin)
            try desk.roster { try $0.setPIN(id, hash: hash.text) }
            await desk.endSessions(sessions.end(staff: id), reason: "PIN changed")
            return JSON.response(try desk.roster { try $0.entry(id)?.member })
        }

        // Signing in is itself the credential: no bearer token. Every attempt is audited under
        // the 工号 tried.
        router.post("/api/v1/windows/{window}/sign-in") { request, context in
            let window = try windowNumber(context)
            let body = try await JSON.decode(SignInRequest.self, from: request)
            let answer = try await desk.signIn(
                staff: body.staff, pin: body.pin, at: window, action: "POST /api/v1/windows/\(window)/sign-in", client: context.client)
            return JSON.response(answer, status: .created)
        }
        router.post("/api/v1/windows/{window}/sign-out") { request, context in
            let window = try windowNumber(context)
            let staff = try authorizeAtWindow(request, window)
            if let token = bearer(request), let session = sessions.session(token, at: clock()), session.window == window {
                await desk.endSessions([sessions.end(token: token)].compactMap { $0 }, reason: "signed out")
            } else if staff == nil, let signedIn = await engine.read({ $0.windows[window]?.signedIn?.staff }) {
                // A manager signs a window out: every session of the person there ends.
                await desk.endSessions(sessions.end(staff: signedIn).filter { $0.window == window }, reason: "signed out by a manager")
            }
            return Response(status: .noContent)
        }
    }
}
