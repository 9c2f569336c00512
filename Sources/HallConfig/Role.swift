/// Who is calling the API. Each role holds bearer tokens from the configuration.
public enum Role: String, Sendable, CaseIterable, Codable {
    case kiosk
    case window
    case display
    case admin
    /// Runs the hall: figures, staff, complaints.
    case manager
    case technician
    /// Reads, and changes nothing.
    case auditor
    /// An evaluation pad's page (评价器), bound to one window by `api.evaluators`: it rates the
    /// ticket just finished there, and nothing else.
    case evaluator

    /// Who may read the hall's state: every role but a pad's, which may only rate (and follow
    /// the events that light it up).
    public static let readers = allCases.filter { $0 != .evaluator }
}
