import HallProtocols

/// Runs a SAM ID card reader: reset and SAM status at open, then one find/select/read cycle
/// per poll. A card is read once when it is placed; it is removed when the reader has said
/// "no card" twice in a row (some readers answer "no card" once right after a read).
public final class IDCardReaderDriver {
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

    public enum Event: Sendable {
        /// A card was read; `repliedAt` is when its reply frame was complete.
        case cardRead(IDCardRead, repliedAt: ContinuousClock.Instant)
        case cardRemoved
        /// A card is there but could not be read: ask the citizen to place it again.
        case cardProblem(String)
        /// Bytes the link garbled; the exchange went on.
        case garbled(String)
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case timeout(command: String, milliseconds: Int)
        /// The SAM module cannot work (self-test failed, not authorised): a technician must look.
        case samFault(String)
        case transport(TransportFailure)

        public var description: String {
            switch self {
            case .timeout(let command, let milliseconds): "no reply to \(command) within \(milliseconds) ms"
            case .samFault(let status): "SAM fault: \(status)"
            case .transport(let failure): failure.message
            }
        }
    }

    public let settings: Settings
    private let transport: any ByteTransport
    private var decoder = SAMFrameDecoder()
    private var cardPresent = false
    private var noCardAnswers = 0
    /// Frames received, for the traffic counters.
    public private(set) var frames = 0

    public init(transport: any ByteTransport, settings: Settings) {
        self.transport = transport
        self.settings = settings
    }

    /// Resets the SAM and checks its status.
    public func open() throws(Failure) -> [Event] {
        decoder.reset()
        var events: [Event] = []
        let reset = try exchange(settings.reset, "reset", &events)
        if reset.status.health == .samFault { throw .samFault(reset.status.description) }
        let status = try exchange(settings.samStatus, "SAM status", &events)
        guard status.status == .ok else { throw .samFault(status.status.description) }
        return events
    }

    /// One look for a card, and a read when a new one is there.
    public func poll() throws(Failure) -> [Event] {
        var events: [Event] = []
        if let preAuthenticate = settings.preAuthenticate {
            try check(try exchange(preAuthenticate, "pre-authenticate", &events), &events)
        }
        let found = try exchange(settings.findCard, "find card", &events)
        switch found.status {
        case .findCardFailed:
            noCardAnswers += 1
            if cardPresent && noCardAnswers >= 2 {
                cardPresent = false
                events.append(.cardRemoved)
            }
            return events
        case .cardFound:
            noCardAnswers = 0
            if cardPresent { return events }
        default:
            try check(found, &events)
            return events
        }
        // A new card. It is not read again until it has been lifted, once it has been read or
        // has failed as a card; a garbled exchange leaves it to the next poll.
        let selected = try exchange(settings.selectCard, "select card", &events)
        guard selected.status == .ok else {
            try refuse(selected, to: "select card", &events)
            return events
        }
        let read = try exchange(settings.readTextPhoto, "read card", &events)
        guard read.status == .ok else {
            try refuse(read, to: "read card", &events)
            return events
        }
        cardPresent = true
        do {
            events.append(.cardRead(try IDCardRead(data: read.data), repliedAt: lastFrameAt))
        } catch {
            events.append(.cardProblem("the card's data does not decode: \(error)"))
        }
        return events
    }

    /// Turns an unexpected status into an event or a failure.
    private func check(_ reply: SAMReply, _ events: inout [Event]) throws(Failure) {
        switch reply.status.health {
        case .fine: break
        case .cardProblem: events.append(.cardProblem(reply.status.description))
        case .linkError: events.append(.garbled("the reader answered \(reply.status.description)"))
        case .samFault: throw .samFault(reply.status.description)
        }
    }

    /// A select or read that did not succeed: a card problem latches the card (the citizen is
    /// asked once to place it again); any other answer means the exchange went out of step.
    private func refuse(_ reply: SAMReply, to command: String, _ events: inout [Event]) throws(Failure) {
        switch reply.status.health {
        case .cardProblem:
            cardPresent = true
            events.append(.cardProblem(reply.status.description))
        case .samFault:
            throw .samFault(reply.status.description)
        case .fine, .linkError:
            needsDrain = true
            events.append(.garbled("unexpected answer \(reply.status.description) to \(command)"))
        }
    }

    private var lastFrameAt = ContinuousClock.now
    private var needsDrain = false

    /// Sends a command and waits for the reply frame; garbage on the way is reported.
    private func exchange(_ command: [UInt8], _ name: String, _ events: inout [Event]) throws(Failure) -> SAMReply {
        do {
            // After a timeout or garbage, a late reply to an earlier command must not pass for
            // this one's: drop what is still coming in.
            if needsDrain {
                var stale = 0
                while case let bytes = try transport.read(maximum: 4096, timeoutMilliseconds: 0), !bytes.isEmpty { stale += bytes.count }
                if stale + decoder.pending > 0 { events.append(.garbled("\(stale + decoder.pending) late bytes dropped before \(name)")) }
                decoder.reset()
                needsDrain = false
            }
            try transport.write(SAMFrame.encode(command))
        } catch {
            throw .transport(error)
        }
        let deadline = ContinuousClock.now + .milliseconds(settings.replyTimeoutMilliseconds)
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                needsDrain = true
                throw .timeout(command: name, milliseconds: settings.replyTimeoutMilliseconds)
            }
            let bytes: [UInt8]
            do {
                bytes = try transport.read(maximum: 4096, timeoutMilliseconds: max(1, Int((left / .milliseconds(1)).rounded(.up))))
            } catch {
                throw .transport(error)
            }
            for item in decoder.feed(bytes) {
                switch item {
                case .error(let problem):
                    needsDrain = true
                    events.append(.garbled(problem.description))
                case .frame(let payload):
                    frames += 1
                    lastFrameAt = .now
                    do {
                        return try SAMReply(payload: payload)
                    } catch {
                        events.append(.garbled(error.description))
                    }
                }
            }
        }
    }
}
