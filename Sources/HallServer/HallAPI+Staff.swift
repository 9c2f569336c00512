import Foundation
import HallAPIModels
import HallCore
import HallIdentity
import HallStore
import Hummingbird

/// The hall's staff: the roster (managers), and signing in and out at a window. A session's
/// token acts only at its own window.
extension HallAPI {
    /// Wrong PINs in a row before a 工号 is locked, and for how long.
    static let wrongPINLimit = 5
    static let lockTime: TimeInterval = 15 * 60

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
            return JSON.response(try roster { try $0.all() })
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
            let hash = try await Self.hash(body.pin)
            try roster { try $0.add(member, pinHash: hash.text) }
            return JSON.response(member, status: .created)
        }
        router.post("/api/v1/staff/{id}/disable") { request, context in
            try authorize(request, [.admin, .manager])
            let id = context.parameters.get("id") ?? ""
            try roster { try $0.setDisabled(id, true) }
            // Disabling ends the person's sessions at once.
            await endSessions(sessions.end(staff: id), reason: "disabled")
            return JSON.response(try roster { try $0.entry(id)?.member })
        }
        router.post("/api/v1/staff/{id}/pin") { request, context in
            try authorize(request, [.admin, .manager])
            let id = context.parameters.get("id") ?? ""
            let hash = try await Self.hash(try await JSON.decode(PINRequest.self, from: request).pin)
            try roster { try $0.setPIN(id, hash: hash.text) }
            await endSessions(sessions.end(staff: id), reason: "PIN changed")
            return JSON.response(try roster { try $0.entry(id)?.member })
        }

        // Signing in is itself the credential: no bearer token. Every attempt is audited under
        // the 工号 tried.
        router.post("/api/v1/windows/{window}/sign-in") { request, context in
            let window = try windowNumber(context)
            let body = try await JSON.decode(SignInRequest.self, from: request)
            let actor = StaffMember.isValidID(body.staff) ? body.staff : "-"
            do {
                let answer = try await signIn(body, at: window)
                auditSignIn(actor, window, context.client, 201, "ok")
                return JSON.response(answer, status: .created)
            } catch let error as APIError {
                auditSignIn(actor, window, context.client, Int(error.status.code), error.code)
                throw error
            }
        }
        router.post("/api/v1/windows/{window}/sign-out") { request, context in
            let window = try windowNumber(context)
            let staff = try authorizeAtWindow(request, window)
            if let token = bearer(request), let session = sessions.session(token, at: clock()), session.window == window {
                await endSessions([sessions.end(token: token)].compactMap { $0 }, reason: "signed out")
            } else if staff == nil, let signedIn = await engine.read({ $0.windows[window]?.signedIn?.staff }) {
                // A manager signs a window out: every session of the person there ends.
                await endSessions(sessions.end(staff: signedIn).filter { $0.window == window }, reason: "signed out by a manager")
            }
            return Response(status: .noContent)
        }
    }

    private func signIn(_ body: SignInRequest, at window: Int) async throws -> SignInView {
        guard configuration.value.definition.window(window) != nil else {
            throw APIError(.notFound, "unknown_window", "没有 \(window) 号窗口 / no window \(window)")
        }
        let now = clock()
        let entry = StaffMember.isValidID(body.staff) ? try roster { try $0.entry(body.staff) } : nil
        // An unknown 工号 costs the same hash as a known one, so that timing does not tell them apart.
        let hash = PINHash(stored: entry?.pinHash ?? Self.decoy.text)
        if let until = entry?.lockedUntil, until > now {
            let time = LocalTime(until, in: configuration.value.definition.policy.timeZone).clockString
            throw APIError(.forbidden, "staff_locked", "工号 \(body.staff) 已锁定至 \(time) / locked after too many wrong PINs, until \(time)")
        }
        guard let entry, await Self.offThread({ hash.matches(body.pin) }) else {
            if let entry,
                let until = try roster({ try $0.noteWrongPIN(entry.member.id, limit: Self.wrongPINLimit, until: now + Self.lockTime) })
            {
                try await engine.record([.staffLocked(staff: entry.member.id, until: until, at: now)])
            }
            throw APIError(.unauthorized, "bad_sign_in", "工号或密码错误 / wrong staff id or PIN")
        }
        guard !entry.member.disabled else {
            throw APIError(.forbidden, "staff_disabled", "工号 \(body.staff) 已停用 / this staff id is disabled")
        }
        guard !Set(entry.member.duties).isDisjoint(with: [.window, .manager]) else {
            throw APIError(.forbidden, "not_window_staff", "工号 \(body.staff) 不是窗口人员 / this person does not serve at windows")
        }
        try roster { try $0.noteSignedIn(entry.member.id) }
        let day = await engine.read { $0.hallDay(at: now) }
        let (token, ended) = sessions.start(staff: entry.member.id, window: window, day: day, at: now)
        await endSessions(ended, reason: "signed in at window \(window)")
        try await engine.record([.staffSignedIn(staff: entry.member.id, window: window, at: now)])
        return SignInView(token: token, staff: entry.member.id, name: entry.member.name, window: window, since: now)
    }

    private func auditSignIn(_ actor: String, _ window: Int, _ client: String, _ status: Int, _ outcome: String) {
        audit?.record(
            AuditEntry(
                at: clock(), actor: actor, window: window, action: "POST /api/v1/windows/\(window)/sign-in", client: client, status: status,
                outcome: outcome))
    }

    /// Ends the sessions that must not go on: idle longer than `policy.idle_sign_out_minutes`,
    /// or begun on a hall day that is over; and the sign-ins the journal remembers whose
    /// sessions did not outlive a restart. The daemon runs this every half minute.
    public func sweepSessions() async {
        let now = clock()
        let (day, signedIn) = await engine.read { hall in
            (hall.hallDay(at: now), hall.windows.values.compactMap { state in state.signedIn.map { (state.number, $0.staff) } })
        }
        let expired = sessions.endExpired(at: now, day: day)
        await endSessions(expired.filter { $0.day == day }, reason: "idle")
        await endSessions(expired.filter { $0.day != day }, reason: "the hall day ended")
        let lost = signedIn.filter { !sessions.isSignedIn($0.1) }
        guard !lost.isEmpty else { return }
        try? await engine.record(lost.map { .staffSignedOut(staff: $0.1, window: $0.0, reason: "session ended with the daemon", at: now) })
    }

    /// Journals the end of sessions.
    func endSessions(_ ended: [StaffSessions.Session], reason: String) async {
        guard !ended.isEmpty else { return }
        let now = clock()
        try? await engine.record(ended.map { .staffSignedOut(staff: $0.staff, window: $0.window, reason: reason, at: now) })
    }

    private func roster<T>(_ body: (StaffRoster) throws -> T) throws -> T {
        do {
            return try body(engine.staff)
        } catch StaffRoster.Failure.exists(let id) {
            throw APIError(.conflict, "staff_exists", "工号 \(id) 已存在 / staff \(id) exists already")
        } catch StaffRoster.Failure.unknown(let id) {
            throw APIError(.notFound, "unknown_staff", "没有工号 \(id) / no staff \(id)")
        } catch {
            throw APIError(.serviceUnavailable, "journal_unavailable", "暂时无法保存，请稍后再试 / \(error)")
        }
    }

    /// A PIN's hash, made off the cooperative threads (scrypt takes tens of milliseconds).
    static func hash(_ pin: String) async throws -> PINHash {
        guard (4...64).contains(pin.count) else {
            throw APIError(.badRequest, "bad_pin", "密码应为 4–64 个字符 / a PIN has 4 to 64 characters")
        }
        guard let hash = await offThread({ try? PINHash(pin: pin) }) else {
            throw APIError(.internalServerError, "internal", "the PIN could not be hashed")
        }
        return hash
    }

    /// Hashed against when a 工号 does not exist.
    static let decoy = (try? PINHash(pin: "decoy")) ?? PINHash(stored: "")

    static func offThread<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in Thread.detachNewThread { continuation.resume(returning: work()) } }
    }
}
