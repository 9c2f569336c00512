import Foundation
import HallIdentity
import Synchronization

/// Who is signed in at which window. A session's token is good only for its window; a person
/// has one session at a time (signing in elsewhere ends the first), a window one person (the
/// next to sign in there ends the session before), and a session left idle longer than the
/// hall allows ends by itself.
public final class StaffSessions: Sendable {
    public struct Session: Sendable, Equatable {
        public var staff: String
        public var window: Int
        public var since: Date
        /// The hall day it began on: it ends with that day.
        public var day: String
        var lastUsed: Date
    }

    private let sessions = Mutex<[String: Session]>([:])
    /// `policy.idle_sign_out_minutes` of the configuration in force: a reload changes it.
    private let idleLimit: @Sendable () -> TimeInterval

    public init(idleLimit: @escaping @Sendable () -> TimeInterval) { self.idleLimit = idleLimit }

    /// A new session for `staff` at `window`; returns its token and the sessions it ended: the
    /// person's elsewhere, and whoever's was at the window.
    public func start(staff: String, window: Int, day: String, at now: Date) -> (token: String, ended: [Session]) {
        var generator = SystemRandomNumberGenerator()
        let token = "s." + Hex.string((0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return sessions.withLock { sessions in
            let ended = Self.remove(from: &sessions) { $0.staff == staff || $0.window == window }
            sessions[token] = Session(staff: staff, window: window, since: now, day: day, lastUsed: now)
            return (token, ended)
        }
    }

    /// The session a token opens, now; nil for none (and a session idle too long ends here).
    public func session(_ token: String, at now: Date) -> Session? {
        sessions.withLock { sessions in
            guard var session = sessions[token] else { return nil }
            guard !isIdle(session, at: now) else {
                sessions[token] = nil
                return nil
            }
            session.lastUsed = now
            sessions[token] = session
            return session
        }
    }

    /// Ends the session a token opens.
    public func end(token: String) -> Session? { sessions.withLock { $0.removeValue(forKey: token) } }

    /// Ends the session at a window.
    public func end(window: Int) -> [Session] { sessions.withLock { Self.remove(from: &$0) { $0.window == window } } }

    /// The session at a window, now, as an action there uses it (a keypad's key): nil for none.
    public func use(window: Int, at now: Date) -> Session? {
        sessions.withLock { sessions in
            guard let (token, session) = sessions.first(where: { $0.value.window == window }) else { return nil }
            guard !isIdle(session, at: now) else { return nil }
            sessions[token]?.lastUsed = now
            return session
        }
    }

    /// Whether a person has a session now.
    public func isSignedIn(_ staff: String) -> Bool { sessions.withLock { $0.values.contains { $0.staff == staff } } }

    /// Ends every session of a person (disabled, PIN changed).
    public func end(staff: String) -> [Session] { sessions.withLock { Self.remove(from: &$0) { $0.staff == staff } } }

    /// Sessions whose idle time has run out, or whose hall day is over, ended now.
    public func endExpired(at now: Date, day: String) -> [Session] {
        sessions.withLock { Self.remove(from: &$0) { isIdle($0, at: now) || $0.day != day } }
    }

    private func isIdle(_ session: Session, at now: Date) -> Bool { now.timeIntervalSince(session.lastUsed) > idleLimit() }

    /// Takes the sessions that match out of `sessions` and returns them.
    private static func remove(from sessions: inout [String: Session], where matches: (Session) -> Bool) -> [Session] {
        let ended = sessions.filter { matches($0.value) }
        for key in ended.keys { sessions[key] = nil }
        return Array(ended.values)
    }
}
