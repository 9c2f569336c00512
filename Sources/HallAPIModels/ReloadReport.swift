import Foundation

/// `POST /api/v1/reload`, and each SIGHUP: what the configuration file changed, and whether the
/// running daemon took it. A reload is applied whole or refused whole.
public struct ReloadReport: Codable, Sendable, Equatable {
    /// False when refused: the running configuration stays.
    public var applied: Bool
    /// The keys that differ, such as `kiosks.K2 (added)`.
    public var changed: [String]
    /// Those that only a restart can apply.
    public var needsRestart: [String]
    /// Why it was refused.
    public var problem: String?

    public init(applied: Bool, changed: [String], needsRestart: [String], problem: String? = nil) {
        self.applied = applied
        self.changed = changed
        self.needsRestart = needsRestart
        self.problem = problem
    }
}
