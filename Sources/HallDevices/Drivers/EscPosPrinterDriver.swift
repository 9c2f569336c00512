/// An ESC/POS ticket printer on a link of its own (a serial port), as a value: jobs in, their
/// bytes out, paper status asked and followed.
///
/// With `status_request` (the default), the printer is asked `DLE EOT 4` before each job and
/// every `status_interval_ms` while idle. A job goes out only when paper is known to be there;
/// it counts as printed when the answer that follows it still says so. A printer that runs out
/// of paper under a job, or stops answering, prints that job again, whole, once paper is back
/// or it answers; until then it holds its jobs. Without `status_request` (a printer that only
/// listens), a job counts as printed once written.
public struct EscPosPrinterDriver: DeviceDriver {
    public enum Paper: Sendable, Equatable {
        case present, nearEnd, out
    }

    public enum Report: Sendable, Equatable {
        /// The job `id` is on paper.
        case printed(id: String)
        /// The paper changed (the first answer always says).
        case paper(Paper)
        /// The printer stopped answering status requests (off, cable out); its paper is
        /// reported again when it answers.
        case silent(String)
        /// A status byte that cannot be one.
        case garbled(String)
    }

    public struct Settings: Sendable, Equatable {
        public var statusRequest = true
        public var statusIntervalMilliseconds = 2000
        public var replyTimeoutMilliseconds = 500

        public init() {}

        public init(profile: DeviceProfile) {
            statusRequest = profile.flag("status_request") ?? statusRequest
            statusIntervalMilliseconds = profile.integer("status_interval_ms") ?? statusIntervalMilliseconds
            replyTimeoutMilliseconds = profile.transport.serial?.readTimeoutMilliseconds ?? replyTimeoutMilliseconds
        }
    }

    /// `DLE EOT 4`: the paper roll sensor's status.
    public static let paperStatusRequest: [UInt8] = [0x10, 0x04, 0x04]

    /// The paper a status byte tells of, or nil when the byte cannot be a status (bits 1 and 4
    /// are always set, bits 0 and 7 clear): `12` present, `1E` near its end, `72` out.
    public static func paper(status byte: UInt8) -> Paper? {
        guard byte & 0x93 == 0x12 else { return nil }
        if byte & 0x60 != 0 { return .out }
        return byte & 0x0C != 0 ? .nearEnd : .present
    }

    public let settings: Settings
    /// Jobs not yet written, oldest first, and those written and not yet confirmed.
    private var queued: [(id: String, bytes: [UInt8])] = []
    private var written: [(id: String, bytes: [UInt8])] = []
    private var paper: Paper?
    private var awaitingUntil: Double?
    private var nextAsk: Double?
    private var silent = false
    public private(set) var frames = 0

    public init(settings: Settings) {
        self.settings = settings
    }

    public var nextTick: Double? { awaitingUntil ?? nextAsk }

    /// Jobs waiting for paper, for an answer, or for their confirmation.
    public var unprinted: [String] { (written + queued).map(\.id) }

    public mutating func start(now: Double) -> [DriverAction<Report>] {
        // Whatever was written before the link went down may not have printed: again, whole.
        sendWrittenAgain()
        awaitingUntil = nil
        return settings.statusRequest ? ask(now: now) : flush()
    }

    /// A job to print; `id` comes back in `printed`.
    public mutating func submit(_ bytes: [UInt8], id: String, now: Double) -> [DriverAction<Report>] {
        queued.append((id, bytes))
        guard settings.statusRequest else { return flush() }
        return awaitingUntil == nil ? ask(now: now) : []
    }

    public mutating func received(_ bytes: [UInt8], now: Double) -> [DriverAction<Report>] {
        guard awaitingUntil != nil, let byte = bytes.last else { return [] }
        guard let answer = Self.paper(status: byte) else {
            return [.report(.garbled("not a status byte: \(bytes.map { String($0, radix: 16) }.joined(separator: " "))"))]
        }
        frames += 1
        awaitingUntil = nil
        askLater(now: now)
        silent = false
        var actions: [DriverAction<Report>] = []
        if answer != paper {
            paper = answer
            actions.append(.report(.paper(answer)))
        }
        guard answer != .out else {
            // Cut short, perhaps: printed again, whole, when paper is back.
            sendWrittenAgain()
            return actions
        }
        actions += written.map { .report(.printed(id: $0.id)) }
        written = []
        guard !queued.isEmpty else { return actions }
        // Sent, then asked again: the answer confirms them.
        written = queued
        queued = []
        return actions + written.map { .write($0.bytes) } + ask(now: now)
    }

    public mutating func tick(now: Double) -> [DriverAction<Report>] {
        if let until = awaitingUntil, now >= until {
            awaitingUntil = nil
            askLater(now: now)
            // A printer switched off under a job did not print it.
            sendWrittenAgain()
            guard !silent else { return [] }
            silent = true
            paper = nil
            return [.report(.silent("无应答 / no answer to a status request within \(settings.replyTimeoutMilliseconds) ms"))]
        }
        if let next = nextAsk, now >= next, awaitingUntil == nil { return ask(now: now) }
        return []
    }

    /// Jobs written and not confirmed go first in the queue again.
    private mutating func sendWrittenAgain() {
        queued = written + queued
        written = []
    }

    private mutating func askLater(now: Double) {
        nextAsk = now + Double(settings.statusIntervalMilliseconds) / 1000
    }

    private mutating func ask(now: Double) -> [DriverAction<Report>] {
        awaitingUntil = now + Double(settings.replyTimeoutMilliseconds) / 1000
        nextAsk = nil
        return [.write(Self.paperStatusRequest)]
    }

    /// A printer that cannot answer: every job goes out, and counts as printed.
    private mutating func flush() -> [DriverAction<Report>] {
        defer { queued = [] }
        return queued.flatMap { [.write($0.bytes), .report(.printed(id: $0.id))] }
    }
}
