import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif
import HallDevices
import HallServer
import HallTesting

/// The demo hall's simulated devices: for each kiosk reader and serial scanner the
/// configuration binds to a path, a simulator on a PTY linked there, speaking the real
/// protocol. `hallctl simulate` drives them through `<data_directory>/hallsim.sock`.
@main
struct Hallsim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hallsim", abstract: "Simulated kiosk devices (ID readers, serial scanners) on PTYs, for the demo hall.")

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
                guard let path = role.path, let profile = hall.catalog.profile(role.profile), profile.transport.kind == .serial else { continue }
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
        try FileManager.default.createDirectory(atPath: hall.dataDirectory, withIntermediateDirectories: true)
        let control = try SimulatorControl(socketPath: hall.dataDirectory + "/hallsim.sock", readers: readers, scanners: scanners)
        print("hallsim: ready; drive it with hallctl simulate card|lift|scan (socket \(control.socketPath))")
        control.serve()
    }
}
