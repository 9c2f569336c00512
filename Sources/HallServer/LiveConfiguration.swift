import HallConfig
import Synchronization

/// The configuration in force, swapped whole on a successful reload.
public final class LiveConfiguration: Sendable {
    private let current: Mutex<HallConfiguration>

    public init(_ configuration: HallConfiguration) { current = Mutex(configuration) }

    public var value: HallConfiguration { current.withLock { $0 } }

    public func replace(with configuration: HallConfiguration) { current.withLock { $0 = configuration } }

    /// The role a bearer token belongs to.
    public func role(for token: String) -> Role? {
        current.withLock { $0.tokens[token] ?? ($0.evaluators[token] != nil ? .evaluator : nil) }
    }

    /// The window an evaluation pad's token rates.
    public func evaluatorWindow(for token: String) -> Int? { current.withLock { $0.evaluators[token] } }
}
