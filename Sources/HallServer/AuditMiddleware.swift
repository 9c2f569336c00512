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
        let path = request.uri.path
        guard let audit = api.audit, path.hasPrefix("/api/v1/"), !path.hasSuffix("/sign-in") else {
            return try await next(request, context)
        }
        // Who changes something is known before the change: a sign-out ends the session that
        // names them. Most reads nobody audits (a display's, a kiosk's) and are not looked up.
        let changer = request.method == .get ? nil : api.actor(request)
        let response = try await next(request, context)
        let status = Int(response.status.code)
        let kept = [401, 403].contains(status) || path.hasPrefix("/api/v1/staff") || path.hasPrefix("/api/v1/audit")
        guard kept || request.method != .get else { return response }
        let actor = changer ?? api.actor(request)
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
