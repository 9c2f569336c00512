import Hummingbird

/// A request's context, with the client's address for the audit trail.
public struct HallRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// `ip:port` of the client, `-` when unknown (a test's router).
    public let client: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        client = source.channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "-"
    }
}
