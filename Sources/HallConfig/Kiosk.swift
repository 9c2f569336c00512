/// A self-service kiosk (自助取号机); its reader, scanner and printer are device roles `<id>.reader` ...
public struct Kiosk: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    /// Service ids offered on this kiosk; empty means all.
    public var services: [String]
}
