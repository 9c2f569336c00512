import HallCore
import HallServer
import HallStore
import Logging
import ServiceLifecycle

/// What time alone ends, every half minute: staff sessions idle too long or from a hall day that
/// is over (and, at start, the windows whose sessions did not survive a restart), and holds
/// (挂起) whose time ran out, which become no-shows.
struct Sweeper: ServiceLifecycle.Service {
    let desk: StaffDesk
    let engine: HallEngine
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await desk.sweep()
            do {
                try await engine.execute(.expireHolds) { _, _ in }
            } catch {
                logger.warning("holds not expired", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(30)) }
        }
    }
}
