import Foundation
import HallDevices
import HallProtocols
import Synchronization

/// Runs one kiosk device on its own thread: finds its node, opens it, runs its driver, and
/// when the device goes away (unplugged, cable pulled) opens it again with growing pauses,
/// 100 ms up to 5 s. Everything it sees goes to `report`, in order.
public final class DeviceRunner: Sendable {
    public let role: DeviceRole
    public let kiosk: String
    public let profile: DeviceProfile
    private let locate: @Sendable () -> String?
    private let report: @Sendable (DeviceReport) -> Void
    /// The scheduler of a bus of LED boards, for a bus's runner.
    private let bus: BoardBus?
    private let stopped = Atomic<Bool>(false)
    /// Wakes a pausing runner at once when it is stopped.
    private let wake = DispatchSemaphore(value: 0)

    public static let maximumBackoff = 5.0

    /// `locate` gives the device node udev found for the role, when the role names no path.
    /// A bus of LED boards passes its scheduler as `bus` (and its id as `kiosk`).
    public init(
        role: DeviceRole, kiosk: String, profile: DeviceProfile, bus: BoardBus? = nil, locate: @escaping @Sendable () -> String? = { nil },
        report: @escaping @Sendable (DeviceReport) -> Void
    ) {
        self.bus = bus
        self.role = role
        self.kiosk = kiosk
        self.profile = profile
        self.locate = locate
        self.report = report
    }

    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "device \(role.id)"
        thread.start()
    }

    public func stop() {
        stopped.store(true, ordering: .relaxed)
        wake.signal()
        bus?.interrupt()
    }

    private var isStopped: Bool { stopped.load(ordering: .relaxed) }

    private func run() {
        var backoff = 0.1
        var lastFailure: String?
        while !isStopped {
            guard let path = role.path ?? locate() else {
                pause(0.5)
                continue
            }
            let transport: any ByteTransport
            do {
                transport = try open(path)
            } catch {
                // Say why once, not at every retry.
                if lastFailure != error.message { report(.error(role: role.id, error.message)) }
                lastFailure = error.message
                pause(backoff)
                backoff = min(backoff * 2, Self.maximumBackoff)
                continue
            }
            backoff = 0.1
            lastFailure = nil
            // Present from here on: a device that then does not answer is faulted, not absent.
            report(.opened(role: role.id, path: path))
            let counting = CountingTransport(transport)
            let reason = session(counting)
            report(.closed(role: role.id, path: path, reason: reason))
            pause(backoff)
        }
    }

    private func open(_ path: String) throws(TransportFailure) -> any ByteTransport {
        try Self.openTransport(path, profile: profile)
    }

    /// The link to a kiosk device as its profile says: a serial port, an evdev node, a USB
    /// bulk interface. `hallctl diag` opens devices the same way when the daemon is stopped.
    public static func openTransport(_ path: String, profile: DeviceProfile) throws(TransportFailure) -> any ByteTransport {
        switch profile.transport.kind {
        case .serial:
            do {
                return try SerialPort(path: path, settings: profile.transport.serial ?? SerialSettings())
            } catch {
                throw TransportFailure(error.description, gone: true)
            }
        case .evdev:
            return try EvdevDevice(path: path, grab: profile.flag("grab") ?? true)
        case .usbBulk:
            return try USBBulkPort(path: path, settings: profile.transport)
        case .cups:
            throw TransportFailure("\(profile.id) prints through CUPS, not a kiosk input", gone: false)
        }
    }

    /// Runs the driver until the device goes away or the runner stops; returns why it ended.
    private func session(_ transport: CountingTransport) -> String {
        switch profile.driver {
        case .samIDReader: readerSession(transport)
        case .serialScanner, .evdevScanner: scannerSession(transport)
        case .ledTable, .ledAlpha, .ledModbus: bus?.serve(transport) { isStopped } ?? "no scheduler for bus \(role.id)"
        default: "driver \(profile.driver.rawValue) does not run at a kiosk"
        }
    }

    private func readerSession(_ transport: CountingTransport) -> String {
        let driver = IDCardReaderDriver(transport: transport, settings: .init(profile: profile))
        var failing = false
        var opened = false
        var reportedFrames = 0
        while !isStopped {
            do {
                let events = opened ? try driver.poll() : try driver.open()
                opened = true
                var garbled = false
                for event in events {
                    switch event {
                    case .cardRead(let read, let repliedAt): report(.card(kiosk: kiosk, read: read, repliedAt: repliedAt))
                    case .cardRemoved: report(.cardRemoved(kiosk: kiosk))
                    case .cardProblem(let problem): report(.cardProblem(kiosk: kiosk, problem))
                    case .garbled(let problem):
                        garbled = true
                        report(.error(role: role.id, problem))
                    }
                }
                if failing && !garbled { report(.recovered(role: role.id)) }
                failing = garbled
            } catch .transport(let failure) where failure.gone {
                return failure.message
            } catch {
                failing = true
                if case .samFault = error {
                    report(.fault(role: role.id, error.description))
                } else {
                    report(.error(role: role.id, error.description))
                }
                if case .samFault = error {
                    // A SAM fault may clear after a reset: try again, slowly.
                    opened = false
                    pause(Self.maximumBackoff)
                }
            }
            let counts = transport.takeCounts()
            report(.traffic(role: role.id, bytesIn: counts.bytesIn, bytesOut: counts.bytesOut, frames: driver.frames - reportedFrames))
            reportedFrames = driver.frames
            pause(Double(driver.settings.pollIntervalMilliseconds) / 1000)
        }
        return "stopped"
    }

    /// A scanner's session: the same driver `hallctl diag scanner` runs.
    private func scannerSession(_ transport: CountingTransport) -> String {
        var driver = ScannerDriver(profile: profile)
        let start = ContinuousClock.now
        func handle(_ outputs: [ScannerDriver.Output]) {
            for output in outputs {
                switch output {
                case .scan(let code): report(.scan(kiosk: kiosk, code: code, at: .now))
                case .problem(let problem): report(.error(role: role.id, problem))
                case .key: break
                }
            }
        }
        return readLoop(transport, timeoutMilliseconds: driver.readTimeoutMilliseconds) { bytes in
            handle(driver.received(bytes, now: (ContinuousClock.now - start) / .seconds(1)))
        } idle: {
            handle(driver.tick(now: (ContinuousClock.now - start) / .seconds(1)))
        }
    }

    /// Reads until the device goes away or the runner stops; `idle` runs when a read brought nothing.
    private func readLoop(
        _ transport: CountingTransport, timeoutMilliseconds: Int = 200, _ received: ([UInt8]) -> Void, idle: () -> Void
    ) -> String {
        while !isStopped {
            do {
                let bytes = try transport.read(maximum: 4096, timeoutMilliseconds: timeoutMilliseconds)
                if bytes.isEmpty {
                    idle()
                    continue
                }
                received(bytes)
                let counts = transport.takeCounts()
                report(.traffic(role: role.id, bytesIn: counts.bytesIn, bytesOut: counts.bytesOut, frames: 0))
            } catch {
                if error.gone { return error.message }
                report(.error(role: role.id, error.message))
                pause(1)
            }
        }
        return "stopped"
    }

    /// Sleeps, but wakes at once when the runner is stopped.
    private func pause(_ seconds: Double) {
        guard !isStopped else { return }
        if wake.wait(timeout: .now() + seconds) == .success { wake.signal() }
    }
}
