import Foundation
import HallConfig
import HallCore
import HallDevices
import HallLinux
import HallServer
import HallStore
import Logging
import ServiceLifecycle
import Synchronization

/// Finds the hall's devices and follows them: enumeration at start, then udev hot-plug; runs
/// the kiosks' readers and scanners and passes what they report on. Every state change
/// becomes a hall event.
struct DeviceService: ServiceLifecycle.Service {
    let registry: DeviceRegistry
    let discovery: UdevDiscovery
    /// The runners of the configuration in force.
    let wing: DeviceWing
    let input: KioskInput
    /// Where a serial printer's reports go.
    let printing: KioskPrinting
    let engine: HallEngine
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
        wing.start()
        await withDiscardingTaskGroup { group in
            group.addTask { await selfTest() }
            group.addTask {
                for await change in changes.cancelOnGracefulShutdown() {
                    switch change {
                    case .added(let device), .changed(let device): await registry.added(device)
                    case .removed(let syspath): await registry.removed(syspath: syspath)
                    }
                }
            }
            group.addTask {
                for await report in wing.reports.cancelOnGracefulShutdown() { await handle(report) }
            }
        }
        // Every port closed before the daemon goes on shutting down.
        await wing.stop()
    }

    /// A moment after start, when the runners have opened their ports and the printers been
    /// asked: every device's state in one log line and one event. A faulted device does not
    /// stop the hall.
    private func selfTest() async {
        // A shutdown meanwhile ends the wait, and the test is not made.
        guard (try? await cancelWhenGracefulShutdown({ try await Task.sleep(for: .seconds(Self.selfTestDelay)) })) != nil else { return }
        let advice = await registry.statuses.map(DeviceAdvice.init)
        let problems = advice.filter { !$0.healthy }.map { "\($0.device): \($0.finding)" }
        logger.log(
            level: problems.isEmpty ? .info : .warning, "self-test",
            metadata: ["healthy": "\(advice.count - problems.count)", "problems": "\(problems.joined(separator: "; "))"])
        try? await engine.record([.selfTest(healthy: advice.count - problems.count, problems: problems, at: Date())])
    }

    static let selfTestDelay = 2.0

    private func handle(_ report: DeviceReport) async {
        switch report {
        case .opened(let role, let path):
            // A device at a configured path that udev does not report (a PTY, a native UART
            // without udev rules) becomes present when it answers.
            if await registry.status(role)?.state == .absent {
                await registry.added(DiscoveredDevice(syspath: Self.configuredSyspath(path), subsystem: "tty", devnode: path))
            }
            // A bus's boards are reachable when the bus is; they leave with it.
            if let syspath = await registry.status(role)?.syspath {
                for board in await registry.statuses where board.id.hasPrefix(role + ".") && board.path == path {
                    await registry.attached(board.id, path: path, syspath: syspath)
                }
            }
        case .closed(let role, let path, let reason):
            if await registry.status(role)?.syspath == Self.configuredSyspath(path) {
                await registry.removed(syspath: Self.configuredSyspath(path))
            } else {
                await registry.noteError(role, reason)
            }
        case .traffic(let role, let bytesIn, let bytesOut, let frames):
            await registry.noteTraffic(role, bytesIn: bytesIn, bytesOut: bytesOut, frames: frames)
        case .error(let role, let message):
            await registry.noteError(role, message)
        case .fault(let role, let reason):
            await registry.report(role, fault: reason)
        case .recovered(let role):
            await registry.noteRecovered(role)
        case .card(let kiosk, let holder):
            await input.card(holder, at: kiosk)
        case .cardProblem(let kiosk, let problem):
            await input.cardProblem(problem, at: kiosk)
        case .cardRemoved:
            break
        case .scan(let kiosk, let code, _):
            await input.scan(code, at: kiosk)
        case .printer(let role, _, let report):
            await printing.heard(report, from: role)
        }
    }

    static func configuredSyspath(_ path: String) -> String { "configured:" + path }

    /// The registry for a configuration, publishing its changes through the engine.
    static func registry(catalog: ProfileCatalog, roles: [DeviceRole], engine: HallEngine, paths: DevicePaths, logger: Logger)
        -> DeviceRegistry
    {
        DeviceRegistry(
            catalog: catalog, roles: roles, probe: DeviceProbe.check,
            onChange: { status in
                let level: Logger.Level = status.state == .faulted ? .warning : .info
                logger.log(
                    level: level, "device \(status.state.rawValue)",
                    metadata: ["device": "\(status.id)", "reason": "\(status.reason)", "path": "\(status.path ?? "-")"])
                if let role = status.role { paths[role] = status.state == .absent ? nil : status.path }
                try? await engine.record([.deviceChanged(device: status.id, state: status.state, reason: status.reason, at: status.since)])
            })
    }
}

/// Where udev found each role's device, for runners whose role names no path.
final class DevicePaths: Sendable {
    private let paths = Mutex<[String: String]>([:])

    subscript(role: String) -> String? {
        get { paths.withLock { $0[role] } }
        set { paths.withLock { $0[role] = newValue } }
    }
}
