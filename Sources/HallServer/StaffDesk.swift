import Foundation
import HallAPIModels
import HallCore
import HallIdentity
import HallStore
import Hummingbird

/// Staff signing in and out at their windows, wherever they do it (the window console through
/// the API, a keypad's digit keys): the PIN check, locks after wrong PINs, the sessions, and
/// their entries in the journal and the audit trail.
public struct StaffDesk: Sendable {
    /// Wrong PINs in a row before a 工号 is locked, and for how long.
    static let wrongPINLimit = 5
    static let lockTime: TimeInterval = 15 * 60

    let engine: HallEngine
    let configuration: LiveConfiguration
    public let sessions: StaffSessions
    let audit: AuditLog?
    let clock: @Sendable () -> Date

    public init(
        engine: HallEngine, configuration: LiveConfiguration, audit: AuditLog?, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.engine = engine
        self.configuration = configuration
        self.audit = audit
        self.clock = clock
        sessions = StaffSessions { configuration.value.definition.policy.idleSignOut }
    }

    /// Signs `staff` in at `window` with their PIN; every attempt is audited under the 工号
    /// tried, as `action` from `client`. Signing in ends the person's session elsewhere.
    public func signIn(staff: String, pin: String, at window: Int, action: String, client: String) async throws -> SignInView {
        let actor = StaffMember.isValidID(staff) ? staff : "-"
        do {
            let answer = try await checkedSignIn(staff: staff, pin: pin, at: window)
            audit(actor, window, action, client, 201, "ok")
            return answer
        } catch let error as APIError {
            audit(actor, window, action, client, Int(error.status.code), error.code)
            throw error
        }
    }

    private func checkedSignIn(staff id: String, pin: String, at window: Int) async throws -> SignInView {
        guard configuration.value.definition.window(window) != nil else {
            throw APIError(.notFound, "unknown_window", "没有 \(window) 号窗口 / no window \(window)")
        }
        let now = clock()
        let entry = StaffMember.isValidID(id) ? try roster { try $0.entry(id) } : nil
        // An unknown 工号 costs the same hash as a known one, so that timing does not tell them apart.
        let hash = PINHash(stored: entry?.pinHash ?? Self.decoy.text)
        if let until = entry?.lockedUntil, until > now {
            let time = LocalTime(until, in: configuration.value.definition.policy.timeZone).clockString
            throw APIError(.forbidden, "staff_locked", "工号 \(id) 已锁定至 \(time) / locked after too many wrong PINs, until \(time)")
        }
        guard let entry, await Self.offThread({ hash.matches(pin) }) else {
            if let entry,
                let until = try roster({ try $0.noteWrongPIN(entry.member.id, limit: Self.wrongPINLimit, until: now + Self.lockTime) })
            {
                try await engine.record([.staffLocked(staff: entry.member.id, until: until, at: now)])
            }
            throw APIError(.unauthorized, "bad_sign_in", "工号或密码错误 / wrong staff id or PIN")
        }
        guard !entry.member.disabled else {
            throw APIError(.forbidden, "staff_disabled", "工号 \(id) 已停用 / this staff id is disabled")
        }
        guard !Set(entry.member.duties).isDisjoint(with: [.window, .manager]) else {
            throw APIError(.forbidden, "not_window_staff", "工号 \(id) 不是窗口人员 / this person does not serve at windows")
        }
        try roster { try $0.noteSignedIn(entry.member.id) }
        let day = await engine.read { $0.hallDay(at: now) }
        let (token, ended) = sessions.start(staff: entry.member.id, window: window, day: day, at: now)
        await endSessions(ended.filter { $0.staff == entry.member.id }, reason: "signed in at window \(window)")
        await endSessions(ended.filter { $0.staff != entry.member.id }, reason: "\(entry.member.id) signed in at window \(window)")
        try await engine.record([.staffSignedIn(staff: entry.member.id, window: window, at: now)])
        return SignInView(token: token, staff: entry.member.id, name: entry.member.name, window: window, since: now)
    }

    /// Signs out whoever is signed in at `window` (a keypad's sign-out key, a manager).
    public func signOut(window: Int, reason: String) async {
        await endSessions(sessions.end(window: window), reason: reason)
    }

    private func audit(_ actor: String, _ window: Int, _ action: String, _ client: String, _ status: Int, _ outcome: String) {
        audit?.record(
            AuditEntry(at: clock(), actor: actor, window: window, action: action, client: client, status: status, outcome: outcome))
    }

    /// Ends the sessions that must not go on: idle longer than `policy.idle_sign_out_minutes`,
    /// or begun on a hall day that is over; and the sign-ins the journal remembers whose
    /// sessions did not outlive a restart. The daemon runs this every half minute.
    public func sweep() async {
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

    func roster<T>(_ body: (StaffRoster) throws -> T) throws -> T {
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
