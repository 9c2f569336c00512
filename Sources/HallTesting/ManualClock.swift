import Foundation
import Synchronization

/// A clock that moves only when a test says so.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date) { current = Mutex(start) }

    public var now: Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    public func set(_ date: Date) { current.withLock { $0 = date } }

    /// The clock as the closure the engine and the API take.
    public var read: @Sendable () -> Date { { self.now } }
}
