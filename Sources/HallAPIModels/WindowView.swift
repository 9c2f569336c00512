import Foundation

/// A window with what it is doing.
public struct WindowView: Codable, Sendable, Equatable {
    public var number: Int
    public var name: String
    public var services: [String]
    public var paused: Bool
    public var current: TicketView?
    public var waiting: Int

    public init(number: Int, name: String, services: [String], paused: Bool, current: TicketView? = nil, waiting: Int) {
        self.number = number
        self.name = name
        self.services = services
        self.paused = paused
        self.current = current
        self.waiting = waiting
    }
}
