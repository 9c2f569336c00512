import HallProtocols

/// A SAM ID card reader, as a value: reset and SAM status when the link opens, then one
/// find/select/read cycle per poll. A card is read once when it is placed; it is removed when
/// the reader has said "no card" twice in a row (some readers answer "no card" once right
/// after a read).
///
/// - A reply that does not come within `replyTimeoutMilliseconds` is reported and the cycle
///   ends; the next poll comes after the poll interval (a reset again, if the reader never
///   answered the first one).
/// - A reader speaks only when asked: it is read while a reply is awaited, and after trouble
///   until the next poll, when bytes that come are a late reply to a command that timed out:
///   dropped and reported, so that they never pass for the next command's reply.
/// - A SAM fault (self-test failed, not authorised) is reported, and the reader is reset
///   again after `samFaultPause` seconds: it may clear after a reset.
/// - After any trouble, the first clean cycle reports the reader recovered.
public struct IDCardReaderDriver: DeviceDriver {
    /// The command payloads (`CMD PARA`) and timings, from the profile: vendors differ.
    public struct Settings: Sendable, Equatable {
        public var reset: [UInt8] = [0x10, 0xFF]
        public var samStatus: [UInt8] = [0x11, 0xFF]
        public var findCard: [UInt8] = [0x20, 0x01]
        public var selectCard: [UInt8] = [0x20, 0x02]
        public var readTextPhoto: [UInt8] = [0x30, 0x01]
        public var preAuthenticate: [UInt8]?
        public var pollIntervalMilliseconds = 300
        public var replyTimeoutMilliseconds = 1000

        public init() {}

        public init(profile: DeviceProfile) {
            reset = profile.bytes("reset") ?? reset
            samStatus = profile.bytes("sam_status") ?? samStatus
            findCard = profile.bytes("find_card") ?? findCard
            selectCard = profile.bytes("select_card") ?? selectCard
            readTextPhoto = profile.bytes("read_text_photo") ?? readTextPhoto
            preAuthenticate = profile.bytes("pre_authenticate")
            pollIntervalMilliseconds = profile.integer("poll_interval_ms") ?? pollIntervalMilliseconds
            replyTimeoutMilliseconds =
                profile.integer("reply_timeout_ms") ?? profile.transport.serial?.readTimeoutMilliseconds
                ?? profile.transport.timeoutMilliseconds
        }
    }

    public enum Event: Sendable, Equatable {
        /// The reader was reset and its SAM answered well.
        case ready
        /// A card was read, `took` seconds after the poll that found it began.
        case cardRead(IDCardRead, took: Double)
        case cardRemoved
        /// A card is there but could not be read: ask the citizen to place it again.
        case cardProblem(String)
        /// Bytes the link garbled, or a reply that did not come; the reader is asked again.
        case garbled(String)
        /// The SAM module cannot work: a technician must look.
        case samFault(String)
        /// A clean cycle after trouble.
        case recovered
    }

    /// The commands of an exchange, in the order they go.
    enum Step: Sendable, Equatable {
        case reset, samStatus, preAuthenticate, findCard, selectCard, readCard
    }

    /// How long a faulted SAM is left before it is reset again.
    public static let samFaultPause = 5.0

    public let settings: Settings
    private var decoder = SAMFrameDecoder()
    /// The command whose reply is awaited, and until when.
    private var awaiting: (step: Step, deadline: Double)?
    /// When the next exchange starts, and whether it starts with a reset.
    private var nextStart: Double?
    private var needsReset = true
    private var cycleStartedAt = 0.0
    private var cardPresent = false
    private var noCardAnswers = 0
    /// Trouble since the last clean cycle, and in the current one.
    private var troubled = false
    private var cycleTroubled = false
    public private(set) var frames = 0

    public init(settings: Settings) {
        self.settings = settings
    }

    public var nextTick: Double? { awaiting?.deadline ?? nextStart }

    /// A reply is awaited, or a late one may still come after trouble (it is dropped then).
    public var listening: Bool { awaiting != nil || cycleTroubled }

    public mutating func start(now: Double) -> [DriverAction<Event>] {
        decoder.reset()
        needsReset = true
        return begin(now: now)
    }

    public mutating func received(_ bytes: [UInt8], now: Double) -> [DriverAction<Event>] {
        guard let step = awaiting?.step else {
            decoder.reset()
            return trouble("\(bytes.count) late bytes dropped")
        }
        var actions: [DriverAction<Event>] = []
        for item in decoder.feed(bytes) {
            switch item {
            case .error(let problem):
                actions += trouble(problem.description)
            case .frame(let payload):
                frames += 1
                do {
                    let reply = try SAMReply(payload: payload)
                    // Whatever follows the reply in this read is not the next command's.
                    decoder.reset()
                    awaiting = nil
                    return actions + handle(reply, to: step, now: now)
                } catch {
                    actions += trouble(error.description)
                }
            }
        }
        return actions
    }

    public mutating func tick(now: Double) -> [DriverAction<Event>] {
        if let (step, deadline) = awaiting, now >= deadline {
            awaiting = nil
            decoder.reset()
            // A reader that never answered its reset is reset again.
            if step == .reset || step == .samStatus { needsReset = true }
            let actions = trouble("no reply to \(Self.name(step)) within \(settings.replyTimeoutMilliseconds) ms")
            nextStart = now + Double(settings.pollIntervalMilliseconds) / 1000
            return actions
        }
        if let start = nextStart, now >= start { return begin(now: now) }
        return []
    }

    // MARK: The exchange

    private mutating func begin(now: Double) -> [DriverAction<Event>] {
        nextStart = nil
        cycleStartedAt = now
        cycleTroubled = false
        if needsReset { return send(.reset, now: now) }
        return send(settings.preAuthenticate == nil ? .findCard : .preAuthenticate, now: now)
    }

    private mutating func send(_ step: Step, now: Double) -> [DriverAction<Event>] {
        awaiting = (step, now + Double(settings.replyTimeoutMilliseconds) / 1000)
        let payload =
            switch step {
            case .reset: settings.reset
            case .samStatus: settings.samStatus
            case .preAuthenticate: settings.preAuthenticate ?? []
            case .findCard: settings.findCard
            case .selectCard: settings.selectCard
            case .readCard: settings.readTextPhoto
            }
        return [.write(SAMFrame.encode(payload))]
    }

    private mutating func handle(_ reply: SAMReply, to step: Step, now: Double) -> [DriverAction<Event>] {
        switch step {
        case .reset:
            if reply.status.health == .samFault { return samFault(reply.status, now: now) }
            return send(.samStatus, now: now)
        case .samStatus:
            guard reply.status == .ok else { return samFault(reply.status, now: now) }
            needsReset = false
            return [.report(.ready)] + send(settings.preAuthenticate == nil ? .findCard : .preAuthenticate, now: now)
        case .preAuthenticate:
            if reply.status.health == .samFault { return samFault(reply.status, now: now) }
            return check(reply) + send(.findCard, now: now)
        case .findCard:
            switch reply.status {
            case .findCardFailed:
                noCardAnswers += 1
                guard cardPresent && noCardAnswers >= 2 else { return end(now: now) }
                cardPresent = false
                return [.report(.cardRemoved)] + end(now: now)
            case .cardFound:
                noCardAnswers = 0
                return cardPresent ? end(now: now) : send(.selectCard, now: now)
            default:
                if reply.status.health == .samFault { return samFault(reply.status, now: now) }
                return check(reply) + end(now: now)
            }
        case .selectCard:
            guard reply.status == .ok else { return refuse(reply, to: step, now: now) }
            return send(.readCard, now: now)
        case .readCard:
            guard reply.status == .ok else { return refuse(reply, to: step, now: now) }
            // The card is not read again until it has been lifted.
            cardPresent = true
            let event: Event
            do {
                event = .cardRead(try IDCardRead(data: reply.data), took: now - cycleStartedAt)
            } catch {
                event = .cardProblem("the card's data does not decode: \(error)")
            }
            return [.report(event)] + end(now: now)
        }
    }

    /// An unexpected but harmless status, as an event.
    private mutating func check(_ reply: SAMReply) -> [DriverAction<Event>] {
        switch reply.status.health {
        case .fine, .samFault: []
        case .cardProblem: [.report(.cardProblem(reply.status.description))]
        case .linkError: trouble("the reader answered \(reply.status.description)")
        }
    }

    /// A select or read that did not succeed: a card problem latches the card (the citizen is
    /// asked once to place it again); any other answer means the exchange went out of step.
    private mutating func refuse(_ reply: SAMReply, to step: Step, now: Double) -> [DriverAction<Event>] {
        switch reply.status.health {
        case .cardProblem:
            cardPresent = true
            return [.report(.cardProblem(reply.status.description))] + end(now: now)
        case .samFault:
            return samFault(reply.status, now: now)
        case .fine, .linkError:
            return trouble("unexpected answer \(reply.status.description) to \(Self.name(step))") + end(now: now)
        }
    }

    private mutating func samFault(_ status: SAMStatus, now: Double) -> [DriverAction<Event>] {
        (troubled, cycleTroubled, needsReset) = (true, true, true)
        nextStart = now + Self.samFaultPause
        return [.report(.samFault(status.description))]
    }

    private mutating func trouble(_ problem: String) -> [DriverAction<Event>] {
        (troubled, cycleTroubled) = (true, true)
        return [.report(.garbled(problem))]
    }

    /// The cycle is over: the next poll after the interval.
    private mutating func end(now: Double) -> [DriverAction<Event>] {
        nextStart = now + Double(settings.pollIntervalMilliseconds) / 1000
        guard troubled && !cycleTroubled else { return [] }
        troubled = false
        return [.report(.recovered)]
    }

    static func name(_ step: Step) -> String {
        switch step {
        case .reset: "reset"
        case .samStatus: "SAM status"
        case .preAuthenticate: "pre-authenticate"
        case .findCard: "find card"
        case .selectCard: "select card"
        case .readCard: "read card"
        }
    }
}
