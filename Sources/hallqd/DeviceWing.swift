import Dispatch
import HallConfig
import HallDevices
import HallIdentity
import HallLinux
import Synchronization

/// The hall's hardware as the configuration in force has it: the device runners (kiosk
/// readers, scanners and serial printers, and the buses of boards), the bus schedulers and the
/// kiosks' printers. A reload changes only what it changed: a runner whose device and profile
/// are as they were goes on undisturbed, and one whose device went or changed is stopped, its
/// port closed, before a successor opens it. Runners report into streams that live as long as
/// the daemon, whichever configuration made them.
final class DeviceWing: Sendable {
    struct Bus: Sendable {
        var configuration: BusConfiguration
        let scheduler: BoardBus
    }

    private struct State {
        var runners: [DeviceRunner] = []
        var buses: [Bus] = []
        var printers: [KioskPrinting.Printer] = []
        /// Runners made before `start` wait for it; those made after start at once.
        var started = false
    }

    private let state = Mutex(State())
    let reports: AsyncStream<DeviceReport>
    private let reported: AsyncStream<DeviceReport>.Continuation
    let busEvents: AsyncStream<(bus: String, event: BoardBus.Event)>
    private let busReported: AsyncStream<(bus: String, event: BoardBus.Event)>.Continuation
    private let paths: DevicePaths
    private let keyer: HolderKeyer

    init(_ configuration: HallConfiguration, paths: DevicePaths, keyer: HolderKeyer) {
        (reports, reported) = AsyncStream.makeStream(of: DeviceReport.self, bufferingPolicy: .bufferingNewest(1000))
        (busEvents, busReported) = AsyncStream.makeStream(
            of: (bus: String, event: BoardBus.Event).self, bufferingPolicy: .bufferingNewest(10_000))
        self.paths = paths
        self.keyer = keyer
        _ = replace(with: configuration)
    }

    var runners: [DeviceRunner] { state.withLock(\.runners) }
    var buses: [Bus] { state.withLock(\.buses) }
    var printers: [KioskPrinting.Printer] { state.withLock(\.printers) }

    /// Starts the runners, once the devices present at start are known.
    func start() {
        for runner in state.withLock({ state in
            state.started = true
            return state.runners
        }) { runner.start() }
    }

    /// Stops every runner and waits until their ports are closed, at shutdown.
    func stop() async {
        await Self.stopAndJoin(state.withLock(\.runners))
    }

    /// What a reload did to the hardware, for its log line.
    struct Applied: Sendable {
        var started: [String]
        var stopped: [String]
    }

    /// Brings the hardware to `configuration`: the runners that go are stopped and their ports
    /// closed before the new ones start.
    func apply(_ configuration: HallConfiguration) async -> Applied {
        let (gone, fresh) = replace(with: configuration)
        await Self.stopAndJoin(gone)
        if state.withLock(\.started) { for runner in fresh { runner.start() } }
        return Applied(started: fresh.map(\.role.id), stopped: gone.map(\.role.id))
    }

    /// Swaps in the new configuration's buses, runners and printers, keeping what did not
    /// change; returns the runners to stop and those to start.
    private func replace(with configuration: HallConfiguration) -> (gone: [DeviceRunner], fresh: [DeviceRunner]) {
        state.withLock { state in
            let buses = configuration.buses.map { bus in
                state.buses.first { $0.configuration.id == bus.id && Self.sameLink($0.configuration, bus) }
                    .map { Bus(configuration: bus, scheduler: $0.scheduler) } ?? Bus(configuration: bus, scheduler: makeScheduler(bus))
            }
            var kept: [DeviceRunner] = []
            var fresh: [DeviceRunner] = []
            for (role, kiosk, profile, scheduler) in Self.roles(configuration, buses: buses) {
                if let runner = state.runners.first(where: {
                    $0.role == role && $0.kiosk == kiosk && $0.profile == profile && $0.bus === scheduler
                }) {
                    kept.append(runner)
                } else {
                    fresh.append(
                        DeviceRunner(
                            role: role, kiosk: kiosk, profile: profile, bus: scheduler, keyer: keyer, locate: { [paths] in paths[role.id] },
                            report: { [reported] in reported.yield($0) }))
                }
            }
            let gone = state.runners.filter { runner in !kept.contains { $0 === runner } }
            let runners = kept + fresh
            state.printers = KioskPrinting.printers(configuration, runners: runners).map { printer in
                state.printers.first { $0.sameDevice(as: printer) } ?? printer
            }
            (state.runners, state.buses) = (runners, buses)
            return (gone, fresh)
        }
    }

    /// The devices that run on threads of their own: the kiosks' readers, scanners and serial
    /// printers, and each bus (with its scheduler).
    private static func roles(_ configuration: HallConfiguration, buses: [Bus]) -> [(
        DeviceRole, String, DeviceProfile, BoardBus?
    )] {
        var roles: [(DeviceRole, String, DeviceProfile, BoardBus?)] = []
        for kiosk in configuration.kiosks {
            for role in configuration.deviceRoles where role.id.hasPrefix(kiosk.id + ".") {
                guard let profile = configuration.catalog.profile(role.profile),
                    [.samIDReader, .serialScanner, .evdevScanner].contains(profile.driver)
                        || (profile.driver == .escposPrinter && profile.transport.kind == .serial)
                else { continue }
                roles.append((role, kiosk.id, profile, nil))
            }
        }
        for bus in buses {
            guard let role = configuration.deviceRoles.first(where: { $0.id == bus.configuration.id }),
                let profile = configuration.catalog.profile(role.profile)
            else { continue }
            roles.append((role, bus.configuration.id, profile, bus.scheduler))
        }
        return roles
    }

    /// A scheduler for a bus, reporting into the daemon's stream.
    private func makeScheduler(_ bus: BusConfiguration) -> BoardBus {
        let boards = bus.boards.compactMap { board in
            board.profile.boardProtocol.map {
                BoardBus.Board(
                    id: board.id, address: board.address, codec: $0, ackTimeout: board.profile.boardAckTimeout,
                    retries: board.profile.boardRetries)
            }
        }
        return BoardBus(id: bus.id, boards: boards, keypads: bus.keypads.compactMap(\.polled), timing: bus.timing) { [busReported] in
            busReported.yield((bus.id, $0))
        }
    }

    /// Whether a bus's scheduler can go on as it is: the same port, timing, boards at the same
    /// addresses with the same profiles, and keypads. What the boards show (layouts, notices)
    /// may differ: the board service gives them their new texts.
    private static func sameLink(_ a: BusConfiguration, _ b: BusConfiguration) -> Bool {
        a.path == b.path && a.profile == b.profile && a.refreshSeconds == b.refreshSeconds && a.faultAfterSeconds == b.faultAfterSeconds
            && a.gapCharacters == b.gapCharacters && a.keypads == b.keypads
            && a.boards.elementsEqual(b.boards) { $0.id == $1.id && $0.address == $1.address && $0.profile == $1.profile }
    }

    private static func stopAndJoin(_ runners: [DeviceRunner]) async {
        for runner in runners { runner.stop() }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                for runner in runners { runner.join() }
                continuation.resume()
            }
        }
    }
}
