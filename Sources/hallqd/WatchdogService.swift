import HallServer
import HallStore
import ServiceLifecycle

/// Pings systemd's watchdog while the journal works. When it fails the pings stop, and
/// systemd restarts the daemon, which replays the journal: better than serving a state
/// that is ahead of the disk.
struct WatchdogService: ServiceLifecycle.Service {
    let engine: HallEngine
    let notifier: SystemdNotifier

    func run() async throws {
        guard let interval = notifier.watchdogInterval else {
            try? await gracefulShutdown()
            return
        }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if await engine.failure == nil { notifier.notify("WATCHDOG=1") }
            try? await Task.sleep(for: interval)
        }
    }
}

/// Ends the open event streams when the daemon stops, so that the HTTP server can finish.
struct EventStreamCloser: ServiceLifecycle.Service {
    let engine: HallEngine
    let notifier: SystemdNotifier

    func run() async throws {
        try? await gracefulShutdown()
        notifier.notify("STOPPING=1")
        await engine.finishSubscribers()
    }
}
