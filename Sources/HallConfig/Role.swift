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
}
