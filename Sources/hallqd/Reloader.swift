import HallAPIModels
import HallAnnounce
import HallConfig
import HallDevices
import HallServer
import HallStore
import Logging

/// Reads the configuration file again and applies it to the running daemon, or refuses it
/// whole and keeps the running configuration. SIGHUP and `POST /api/v1/reload` come here, one
/// at a time.
///
/// Applied live: services, windows, kiosks, tokens, policy, devices, buses, boards and their
/// layouts, ticket layouts, the voice. Devices whose binding and profile are unchanged go on
/// undisturbed; those that went are stopped and their ports closed; new ones start. What only a
/// restart can change (`ConfigurationChange.needsRestart`) refuses the reload.
actor Reloader {
    let path: String
    let live: LiveConfiguration
    let engine: HallEngine
    let registry: DeviceRegistry
    let wing: DeviceWing
    let printing: KioskPrinting
    let boards: BoardService
    let voice: VoiceService.Live
    let logger: Logger

    init(
        path: String, live: LiveConfiguration, engine: HallEngine, registry: DeviceRegistry, wing: DeviceWing, printing: KioskPrinting,
        boards: BoardService, voice: VoiceService.Live, logger: Logger
    ) {
        (self.path, self.live, self.engine, self.registry, self.wing) = (path, live, engine, registry, wing)
        (self.printing, self.boards, self.voice, self.logger) = (printing, boards, voice, logger)
    }

    func reload() async -> ReloadReport {
        let fresh: HallConfiguration
        do {
            fresh = try HallConfiguration.load(path: path)
        } catch {
            return refused(ReloadReport(applied: false, changed: [], needsRestart: [], problem: error.description))
        }
        let running = live.value
        let change = ConfigurationChange(from: running, to: fresh)
        var report = ReloadReport(applied: false, changed: change.changed, needsRestart: change.needsRestart)
        guard change.needsRestart.isEmpty else {
            report.problem = "只有重启才能应用 / only a restart can apply: \(change.needsRestart.joined(separator: ", "))"
            return refused(report)
        }
        // The new voice is made before anything changes: one that cannot start refuses the reload.
        var newVoice = voice.value
        if fresh.voice != running.voice {
            do {
                newVoice = try fresh.voice.map { (voice: try Voice(settings: $0.settings), configuration: $0) }
            } catch {
                report.problem = "voice: \(error)"
                return refused(report)
            }
        }
        report.applied = true
        guard !change.isEmpty else {
            logger.info("configuration reloaded: nothing changed")
            return report
        }
        live.replace(with: fresh)
        await engine.reconfigure(fresh.definition)
        await registry.reconfigure(catalog: fresh.catalog, roles: fresh.deviceRoles)
        let hardware = await wing.apply(fresh)
        printing.reloaded.yield()
        voice.replace(with: newVoice)
        await boards.update(afterCall: false)
        logger.info(
            "configuration reloaded",
            metadata: [
                "changed": "\(change.changed.joined(separator: ", "))", "started": "\(hardware.started.joined(separator: ", "))",
                "stopped": "\(hardware.stopped.joined(separator: ", "))",
            ])
        return report
    }

    private func refused(_ report: ReloadReport) -> ReloadReport {
        logger.error(
            "reload refused, keeping the running configuration",
            metadata: ["problem": "\(report.problem ?? "")", "changed": "\(report.changed.joined(separator: ", "))"])
        return report
    }
}
