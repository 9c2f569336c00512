import Foundation
import HallConfig
import HallDevices
import HallLinux
import Synchronization

/// hallqd stopped: a bus's port opened here and served by the same scheduler the daemon runs,
/// until `stop()`.
final class DirectBus: Sendable {
    let scheduler: BoardBus
    private let stopped = Atomic<Bool>(false)
    private let serving = DispatchSemaphore(value: 0)

    init(
        _ configuration: BusConfiguration, boards: [BoardBus.Board] = [], keypads: [BoardBus.Keypad] = [],
        report: @escaping @Sendable (BoardBus.Event) -> Void = { _ in }
    ) throws {
        let port: SerialPort
        do {
            port = try SerialPort(path: configuration.path, settings: configuration.profile.transport.serial ?? SerialSettings())
        } catch {
            throw CLIError("无法打开 \(configuration.path)：\(error) / cannot open bus \(configuration.id)'s port", exitCode: 2)
        }
        scheduler = BoardBus(id: configuration.id, boards: boards, keypads: keypads, timing: configuration.timing, report: report)
        nonisolated(unsafe) let transport = CountingTransport(port)
        Thread.detachNewThread { [self] in
            _ = scheduler.serve(transport) { stopped.load(ordering: .relaxed) }
            serving.signal()
        }
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        scheduler.interrupt()
        serving.wait()
    }
}
