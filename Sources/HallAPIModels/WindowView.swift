import Foundation

/// A window with what it is doing.
public struct WindowView: Codable, Sendable, Equatable {
    public var number: Int
    public var name: String
    public var services: [String]
    public var paused: Bool
    public var current: TicketView?
    public var waiting: Int
    /// Who is signed in at the window (工号), and since when.
    public var signedIn: String?
    public var signedInSince: Date?
    /// While paused: why, and since when.
    public var pauseReason: String?
    public var pausedSince: Date?
    /// The tickets held (挂起) at this window, waiting for their citizens to come back.
    public var held: [TicketView]

    public init(
        number: Int, name: String, services: [String], paused: Bool, current: TicketView? = nil, waiting: Int, signedIn: String? = nil,
        signedInSince: Date? = nil, pauseReason: String? = nil, pausedSince: Date? = nil, held: [TicketView] = []
    ) {
        self.number = number
        self.name = name
        self.services = services
        self.paused = paused
        self.current = current
        self.waiting = waiting
        self.signedIn = signedIn
        self.signedInSince = signedInSince
        self.pauseReason = pauseReason
        self.pausedSince = pausedSince
        self.held = held
    }
}
