import ArgumentParser
import Foundation
import HallClient
import HallConfig
import HallDevices
import HallTesting

#if canImport(Glibc)
import Glibc
#endif

/// The demo hall's simulated devices: for each kiosk reader and serial scanner the
/// configuration binds to a path, a simulator on a PTY linked there, speaking the real
/// protocol. `hallctl simulate` drives them through `<data_directory>/hallsim.sock`.
@main
struct Hallsim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hallsim",
        abstract: "Simulated kiosk devices (ID readers, serial scanners) and buses of LED boards on PTYs, for the demo hall.")

    @Option(help: "The hall configuration whose kiosk devices to simulate.")
    var config: String

    func run() throws {
        // Started from a test runner that blocks or ignores SIGTERM (the child inherits both),
        // the demo's simulators must still stop when told to.
        var stopping = sigset_t()
        sigemptyset(&stopping)
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_DFL)
            sigaddset(&stopping, number)
        }
        pthread_sigmask(SIG_UNBLOCK, &stopping, nil)
        let hall: HallConfiguration
        do {
            hall = try HallConfiguration.load(path: config)
        } catch {
            throw ValidationError(error.description)
        }
        var readers: [String: IDReaderSimulator] = [:]
        var scanners: [String: SerialScannerSimulator] = [:]
        for kiosk in hall.kiosks {
            for role in hall.deviceRoles where role.id.hasPrefix(kiosk.id + ".") {
                guard let path = role.path, let profile = hall.catalog.profile(role.profile), profile.transport.kind == .serial else {
                    continue
                }
                try FileManager.default.createDirectory(
                    atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
                switch profile.driver {
                case .samIDReader: readers[kiosk.id] = try IDReaderSimulator(link: path, commands: .init(profile: profile))
                case .serialScanner: scanners[kiosk.id] = try SerialScannerSimulator(link: path)
                default: continue
                }
                print("hallsim: \(role.id) (\(profile.model)) at \(path)")
            }
        }
        // A bus at a path of its own (not a real port under /dev) gets a simulated bus of its boards.
        var buses: [String: BoardBusSimulator] = [:]
        for bus in hall.buses where !bus.path.hasPrefix("/dev/") {
            guard let codec = bus.profile.boardProtocol else { continue }
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: bus.path).deletingLastPathComponent().path, withIntermediateDirectories: true)
            let keypads = bus.keypads.map(\.address)
            buses[bus.id] = try BoardBusSimulator(
                link: bus.path, codec: codec, addresses: bus.boards.filter { !keypads.contains($0.address) }.map(\.address),
                keypads: keypads,
                keypadTable: bus.keypads.first?.profile.frameTable, displayCommand: bus.keypads.first?.profile.bytes("display") ?? [0x02])
            print(
                "hallsim: \(bus.id) (\(bus.boards.count) boards and keypad displays, \(keypads.count) keypads, \(bus.profile.model)) at \(bus.path)"
            )
        }
        try FileManager.default.createDirectory(atPath: hall.dataDirectory, withIntermediateDirectories: true)
        let printers = try standInPrinters(hall)
        // Stop the private cupsd with the simulators, so that the next demo finds its port free.
        Self.stoppers = [SIGTERM, SIGINT].map { (number: Int32) -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                printers?.stop()
                Glibc.exit(0)
            }
            source.resume()
            return source
        }
        let control = try SimulatorControl(
            socketPath: hall.dataDirectory + "/hallsim.sock", readers: readers, scanners: scanners, printed: printers?.output, buses: buses)
        print("hallsim: ready; drive it with hallctl simulate card|lift|scan|printed|boards|board (socket \(control.socketPath))")
        control.serve()
    }

    /// The signal sources, for the life of the process. (A local kept by `withExtendedLifetime`
    /// around `serve()`, which never returns, was not enough: in the release build SIGTERM and
    /// Ctrl-C stopped reaching the handler, and hallsim and its cupsd outlived the demo.)
    nonisolated(unsafe) static var stoppers: [DispatchSourceSignal] = []

    /// A private cupsd at `hall.cups_server` (a socket's path, or a port on this machine) with a stand-in printer queue for
    /// each kiosk printer bound to a queue; jobs land in `<data>/cups/output`. Needs root.
    func standInPrinters(_ hall: HallConfiguration) throws -> PrivateCupsd? {
        let queues = hall.deviceRoles.filter { role in
            role.id.hasSuffix(".printer") && role.path != nil && hall.catalog.profile(role.profile)?.transport.kind == .cups
        }
        guard !queues.isEmpty, let server = hall.cupsServer else { return nil }
        guard getuid() == 0 else {
            print("hallsim: the stand-in printers need root (a private cupsd); the kiosks' printers stay absent")
            return nil
        }
        let cupsd = try PrivateCupsd(
            in: URL(fileURLWithPath: hall.dataDirectory).appendingPathComponent("cups").absoluteURL, listen: server)
        for role in queues {
            try cupsd.addQueue(role.path!)
            print("hallsim: \(role.id) prints to the stand-in printer on queue \(role.path!) (cupsd \(cupsd.server))")
        }
        return cupsd
    }
}
