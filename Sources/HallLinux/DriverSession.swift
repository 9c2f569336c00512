import HallDevices

/// Runs a device driver on an open link: performs its writes, feeds it what the link reads and
/// the time, and hands on its reports. The daemon's device runner and `hallctl diag` both run
/// their drivers through it, so a device behaves the same in each.
public struct DriverSession {
    public let transport: CountingTransport
    /// How long a read waits at most, so that a stop, or mail, is seen soon.
    public let longestRead: Double
    private let origin = ContinuousClock.now

    public init(_ transport: CountingTransport, longestRead: Double = 0.2) {
        self.transport = transport
        self.longestRead = longestRead
    }

    /// Seconds since the session began, the drivers' clock.
    public var now: Double { (ContinuousClock.now - origin) / .seconds(1) }

    /// Runs `driver` until `stopped` says so or the link goes away, and returns why it ended.
    /// A link error that is not the device going away is told to `problem`, and the session
    /// pauses a second (with `pause`, which a stop cuts short) before it reads again. `traffic`
    /// hears the bytes and frames since it last did, after every read that brought some. `mail`
    /// gives the driver what other threads left for it (a printer's jobs), between reads.
    public func run<Driver: DeviceDriver>(
        _ driver: inout Driver, stopped: () -> Bool, pause: (Double) -> Void, problem: (String) -> Void,
        traffic: (_ bytesIn: Int, _ bytesOut: Int, _ frames: Int) -> Void = { _, _, _ in },
        mail: (inout Driver, Double) -> [DriverAction<Driver.Report>] = { _, _ in [] }, report: (Driver.Report) -> Void
    ) -> String {
        var frames = driver.frames
        var actions = driver.start(now: now)
        while true {
            do {
                for action in actions {
                    switch action {
                    case .write(let bytes): try transport.write(bytes)
                    case .report(let item): report(item)
                    }
                }
                actions = []
                if stopped() { return "stopped" }
                actions = mail(&driver, now)
                if !actions.isEmpty { continue }
                let wait = min(max((driver.nextTick ?? .infinity) - now, 0), longestRead)
                guard driver.listening else {
                    pause(wait)
                    if let tick = driver.nextTick, now >= tick { actions = driver.tick(now: now) }
                    continue
                }
                let bytes = try transport.read(maximum: 4096, timeoutMilliseconds: Int((wait * 1000).rounded(.up)))
                if !bytes.isEmpty {
                    actions = driver.received(bytes, now: now)
                    let counts = transport.takeCounts()
                    traffic(counts.bytesIn, counts.bytesOut, driver.frames - frames)
                    frames = driver.frames
                } else if let tick = driver.nextTick, now >= tick {
                    actions = driver.tick(now: now)
                }
            } catch {
                if error.gone { return error.message }
                problem(error.message)
                actions = []
                pause(1)
            }
        }
    }
}
