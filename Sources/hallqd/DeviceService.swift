import Foundation
import HallCore
import HallDevices
import HallLinux
import HallStore
import Logging
import ServiceLifecycle

/// Finds the hall's devices and follows them: enumeration at start, then udev hot-plug.
/// Every state change becomes a hall event.
struct DeviceService: ServiceLifecycle.Service {
    let registry: DeviceRegistry
    let discovery: UdevDiscovery
    let logger: Logger

    func run() async throws {
        // Open the monitor before enumerating, so that a device plugged in between is not missed.
        let changes = discovery.changes()
        let present = discovery.enumerate()
        for device in present { await registry.added(device) }
        let bound = await registry.statuses
        logger.info(
            "devices found",
            metadata: [
                "present": "\(present.count)", "ready": "\(bound.filter { $0.state == .ready }.count)",
                "absent": "\(bound.filter { $0.state == .absent }.map(\.id).joined(separator: ","))",
            ])
        for await change in changes.cancelOnGracefulShutdown() {
            switch change {
            case .added(let device), .changed(let device): await registry.added(device)
            case .removed(let syspath): await registry.removed(syspath: syspath)
            }
        }
    }

    /// The registry for a configuration, publishing its changes through the engine.
    static func registry(catalog: ProfileCatalog, roles: [DeviceRole], engine: HallEngine, logger: Logger) -> DeviceRegistry {
        DeviceRegistry(catalog: catalog, roles: roles, probe: DeviceProbe.check, onChange: { status in
            let level: Logger.Level = status.state == .faulted ? .warning : .info
            logger.log(level: level, "device \(status.state.rawValue)", metadata: ["device": "\(status.id)", "reason": "\(status.reason)", "path": "\(status.path ?? "-")"])
            try? await engine.record([.deviceChanged(device: status.id, state: status.state, reason: status.reason, at: status.since)])
        })
    }
}
