import Logging
import ServiceLifecycle
import UnixSignals

/// SIGHUP reloads the configuration (`Reloader`), telling systemd while it does.
struct ReloadService: ServiceLifecycle.Service {
    let reloader: Reloader
    let notifier: SystemdNotifier

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            notifier.notify("RELOADING=1")
            _ = await reloader.reload()
            notifier.notify("READY=1")
        }
    }
}
