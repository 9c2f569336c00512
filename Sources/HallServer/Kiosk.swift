/// A self-service kiosk (自助取号机). Its devices are bound to it in later configuration.
public struct Kiosk: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    /// Service ids offered on this kiosk; empty means all.
    public var services: [String]
}
