/// What a window is doing now.
public struct WindowState: Sendable, Equatable, Codable {
    public var number: Int
    public var paused: Bool
    /// The ticket called to, or served at, the window.
    public var current: TicketNumber?

    public init(number: Int, paused: Bool = false, current: TicketNumber? = nil) {
        self.number = number
        self.paused = paused
        self.current = current
    }
}
