import Foundation

/// What a window is doing now.
public struct WindowState: Sendable, Equatable {
    public var number: Int
    public var paused: Bool
    /// The ticket called to, or served at, the window.
    public var current: TicketNumber?
    /// Who is signed in at the window (工号), and since when.
    public var signedIn: (staff: String, since: Date)?
    /// Since when the window is paused, and why.
    public var pause: (since: Date, reason: String?)?
    /// The ticket the window finished last: the one its evaluation pad rates.
    public var lastFinished: TicketNumber?

    public init(number: Int, paused: Bool = false, current: TicketNumber? = nil) {
        self.number = number
        self.paused = paused
        self.current = current
    }

    public static func == (lhs: WindowState, rhs: WindowState) -> Bool {
        lhs.number == rhs.number && lhs.paused == rhs.paused && lhs.current == rhs.current && lhs.signedIn?.staff == rhs.signedIn?.staff
            && lhs.signedIn?.since == rhs.signedIn?.since && lhs.pause?.since == rhs.pause?.since && lhs.pause?.reason == rhs.pause?.reason
            && lhs.lastFinished == rhs.lastFinished
    }
}
