import Foundation
import HallAPIModels
import HallConfig
import Hummingbird

/// Keeps every privileged request in the audit trail, with who made it, from where, and how it
/// ended: every change but a citizen's own (a kiosk's ticket or check-in, a rating from the
/// ticket's QR code), every refused credential, and every look at the staff and the audit.
/// Sign-ins keep their own entry, naming the 工号 tried.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = HallRequestContext
    let api: HallAPI

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        let path = request.uri.path
        let status = Int(response.status.code)
        guard let audit = api.audit, path.hasPrefix("/api/v1/"), !path.hasSuffix("/sign-in") else { return response }
        let kept = [401, 403].contains(status) || path.hasPrefix("/api/v1/staff") || path.hasPrefix("/api/v1/audit")
        // Most requests are reads nobody audits (a display's, a kiosk's): answered before the
        // actor is looked up.
        guard kept || request.method != .get else { return response }
        let actor = api.actor(request)
        let citizens = actor == Role.kiosk.rawValue || (actor == "-" && path.hasSuffix("/evaluation"))
        guard kept || !citizens else { return response }
        audit.record(
            AuditEntry(
                at: api.clock(), actor: actor, window: Self.window(path), action: "\(request.method) \(path)", client: context.client,
                status: status, outcome: status < 400 ? "ok" : response.headers[APIError.codeHeader] ?? "http_\(status)"))
        return response
    }

    /// The window a path acts at, `/api/v1/windows/3/call` → 3.
    static func window(_ path: String) -> Int? {
        let parts = path.split(separator: "/")
        guard parts.count >= 4, parts[2] == "windows" else { return nil }
        return Int(parts[3])
    }
}
