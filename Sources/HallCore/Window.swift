/// A service window (窗口), numbered as on the sign above it.
public struct Window: Sendable, Equatable, Codable {
    public var number: Int
    public var name: String
    /// Service ids in preference order; a comprehensive window (综合窗口) lists several.
    public var services: [String]

    public init(number: Int, name: String, services: [String]) {
        self.number = number
        self.name = name
        self.services = services
    }
}
