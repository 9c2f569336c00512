import Foundation
import HallDevices
import HallIdentity
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
    /// Masks and keys a card on this thread, for an ID reader's runner.
    private let keyer: HolderKeyer?
    /// The scheduler of a bus of LED boards, for a bus's runner.
    public let bus: BoardBus?
    private let stopped = Atomic<Bool>(false)
    /// Wakes a pausing runner at once when it is stopped.
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    /// A printer's jobs, until its session takes them, and its driver between sessions.
    private let jobs = Mutex<[(bytes: [UInt8], id: String)]>([])
    private let printer = Mutex<EscPosPrinterDriver?>(nil)

    public static let maximumBackoff = 5.0

    /// `locate` gives the device node udev found for the role, when the role names no path.
    /// A bus of LED boards passes its scheduler as `bus` (and its id as `kiosk`); an ID reader
    /// needs the hall's `keyer`.
    public init(
        role: DeviceRole, kiosk: String, profile: DeviceProfile, bus: BoardBus? = nil, keyer: HolderKeyer? = nil,
        locate: @escaping @Sendable () -> String? = { nil }, report: @escaping @Sendable (DeviceReport) -> Void
    ) {
        precondition(profile.driver != .samIDReader || keyer != nil, "an ID reader's runner needs the hall's keyer")
        self.bus = bus
        self.keyer = keyer
        self.role = role
        self.kiosk = kiosk
        self.profile = profile
        self.locate = locate
        self.report = report
    }

    public func start() {
        let thread = Thread { [self] in
            // The name `top -H` and /proc show (Foundation's thread name stays inside Swift):
            // at most 15 bytes.
            try? String(decoding: Array("dev \(role.id)".utf8.prefix(15)), as: UTF8.self)
                .write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
            run()
            finished.signal()
        }
        thread.name = "device \(role.id)"
        thread.start()
    }

    /// Waits, after `stop`, until the runner's thread has ended and its port is closed.
    public func join() {
        finished.wait()
        finished.signal()
    }

    public func stop() {
        stopped.store(true, ordering: .relaxed)
        wake.signal()
        bus?.interrupt()
    }

    private var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// A job for a printer's runner; `id` comes back in its `printed` report. Kept until the
    /// printer is open and takes it.
    public func submit(_ bytes: [UInt8], id: String) {
        jobs.withLock { $0.append((bytes, id)) }
    }

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
        case .samIDReader:
            var driver = IDCardReaderDriver(settings: .init(profile: profile))
            return run(
                &driver, on: transport,
                handle: { event in
                    switch event {
                    case .ready: break
                    case .cardRead(let read, _):
                        guard let keyer else { return }  // the initialiser makes sure a reader has one
                        report(
                            .card(
                                kiosk: kiosk,
                                holder: Result { () throws(HolderKeyer.Refusal) in try keyer.holder(for: read.text, at: Date()) }))
                    case .cardRemoved: report(.cardRemoved(kiosk: kiosk))
                    case .cardProblem(let problem): report(.cardProblem(kiosk: kiosk, problem))
                    case .garbled(let problem): report(.error(role: role.id, problem))
                    case .samFault(let problem): report(.fault(role: role.id, "SAM fault: \(problem)"))
                    case .recovered: report(.recovered(role: role.id))
                    }
                })
        case .serialScanner, .evdevScanner:
            var driver = ScannerDriver(profile: profile)
            return run(
                &driver, on: transport,
                handle: { output in
                    switch output {
                    case .scan(let code): report(.scan(kiosk: kiosk, code: code, at: .now))
                    case .problem(let problem): report(.error(role: role.id, problem))
                    case .key, .bytes: break
                    }
                })
        case .escposPrinter:
            // The printer's jobs outlive a session: those it had not printed go again on the next.
            var driver = printer.withLock { $0 } ?? EscPosPrinterDriver(settings: .init(profile: profile))
            defer { printer.withLock { $0 = driver } }
            // Read in short steps: a ticket waits for no read to end.
            return run(&driver, on: transport, longestRead: 0.02) { driver, now in
                jobs.withLock { jobs in
                    defer { jobs = [] }
                    return jobs.flatMap { driver.submit($0.bytes, id: $0.id, now: now) }
                }
            } handle: {
                report(.printer(role: role.id, kiosk: kiosk, $0))
            }
        case .ledTable, .ledAlpha, .ledModbus: return bus?.serve(transport) { isStopped } ?? "no scheduler for bus \(role.id)"
        default: return "driver \(profile.driver.rawValue) does not run at a kiosk"
        }
    }

    private func run<Driver: DeviceDriver>(
        _ driver: inout Driver, on transport: CountingTransport, longestRead: Double = 0.2,
        mail: (inout Driver, Double) -> [DriverAction<Driver.Report>] = { _, _ in [] }, handle: (Driver.Report) -> Void
    ) -> String {
        DriverSession(transport, longestRead: longestRead).run(
            &driver, stopped: { isStopped }, pause: pause, problem: { report(.error(role: role.id, $0)) },
            traffic: { report(.traffic(role: role.id, bytesIn: $0, bytesOut: $1, frames: $2)) }, mail: mail, report: handle)
    }

    /// Sleeps, but wakes at once when the runner is stopped.
    private func pause(_ seconds: Double) {
        guard !isStopped else { return }
        if wake.wait(timeout: .now() + seconds) == .success { wake.signal() }
    }
}
