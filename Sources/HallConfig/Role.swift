/// Who is calling the API. Each role holds bearer tokens from the configuration.
public enum Role: String, Sendable, CaseIterable, Codable {
    case kiosk
    case window
    case display
    case admin
    case technician
}
