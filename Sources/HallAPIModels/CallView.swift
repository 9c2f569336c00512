import Foundation

/// The answer to "call next": the called ticket and the one finished on the way.
public struct CallView: Codable, Sendable, Equatable {
    public var window: Int
    public var called: TicketView
    public var finished: String?

    public init(window: Int, called: TicketView, finished: String? = nil) {
        self.window = window
        self.called = called
        self.finished = finished
    }
}
