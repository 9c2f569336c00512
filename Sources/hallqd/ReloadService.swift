import Foundation
import HallConfig
import HallDevices
import HallServer
import HallStore
import Logging
import ServiceLifecycle
import UnixSignals

/// SIGHUP reloads the configuration; a file that does not validate is refused and the
/// running configuration stays.
struct ReloadService: ServiceLifecycle.Service {
    let path: String
    let live: LiveConfiguration
    let engine: HallEngine
    let devices: DeviceRegistry
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            notifier.notify("RELOADING=1")
            do {
                let fresh = try HallConfiguration.load(path: path)
                let running = live.value
                if fresh.listenHost != running.listenHost || fresh.listenPort != running.listenPort
                    || fresh.dataDirectory != running.dataDirectory
                {
                    logger.warning("api.listen and hall.data_directory take effect only after a restart")
                }
                live.replace(with: fresh)
                await engine.reconfigure(fresh.definition)
                await devices.reconfigure(catalog: fresh.catalog, roles: fresh.deviceRoles)
                logger.info(
                    "configuration reloaded",
                    metadata: ["services": "\(fresh.definition.services.count)", "windows": "\(fresh.definition.windows.count)"])
            } catch {
                logger.error("reload refused, keeping the running configuration", metadata: ["error": "\(error.description)"])
            }
            notifier.notify("READY=1")
        }
    }
}
