/// What the hall offers: its services, its windows, its kiosks and its calling rules.
public struct HallDefinition: Sendable, Equatable {
    public var name: String
    public var services: [Service]
    public var windows: [Window]
    public var policy: QueuePolicy
    /// Each kiosk's name by its id, as citizens are sent to it.
    public var kioskNames: [String: String]
    /// Public holidays and the weekend days worked instead.
    public var calendar: HallCalendar
    /// Each service's guide (办事指南), by service id, for those that have one.
    public var guides: [String: ServiceGuide] = [:]

    public init(
        name: String, services: [Service], windows: [Window], policy: QueuePolicy = QueuePolicy(), kioskNames: [String: String] = [:],
        calendar: HallCalendar = .none
    ) {
        self.calendar = calendar
        self.name = name
        self.services = services
        self.windows = windows
        self.policy = policy
        self.kioskNames = kioskNames
    }

    public func service(_ id: String) -> Service? { services.first { $0.id == id } }
    public func window(_ number: Int) -> Window? { windows.first { $0.number == number } }
}
