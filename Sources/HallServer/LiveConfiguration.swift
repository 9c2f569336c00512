import HallConfig
import HallIdentity
import Synchronization

/// The configuration in force, swapped whole on a successful reload.
public final class LiveConfiguration: Sendable {
    private let current: Mutex<HallConfiguration>

    public init(_ configuration: HallConfiguration) { current = Mutex(configuration) }

    public var value: HallConfiguration { current.withLock { $0 } }

    public func replace(with configuration: HallConfiguration) { current.withLock { $0 = configuration } }

    /// What a bearer token is for, found by its digest.
    public func credential(for token: String) -> Credential? {
        let digest = BearerToken.digest(token)
        return current.withLock { $0.credentials[digest] }
    }

    /// The role a bearer token belongs to.
    public func role(for token: String) -> Role? { credential(for: token)?.role }
}
