import Foundation
import HallDevices
import HallProtocols
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A SAM ID card reader on the far end of a PTY: it answers the real command frames the way
/// a reader does, and the test (or `hallctl simulate`) places and lifts cards, makes it answer
/// any status code, slow it down, send garbage, or pull its cable.
// The PTY is used only by the serving thread once started; everything else is behind the mutex.
public final class IDReaderSimulator: @unchecked Sendable {
    public let path: String
    private let pty: PTYPair
    private let commands: IDCardReaderDriver.Settings
    private let state = Mutex(State())

    struct State {
        var card: IDCardRead?
        /// Statuses that replace the normal answer to a command payload (`CMD PARA`).
        var overrides: [[UInt8]: SAMStatus] = [:]
        var delay: Double = 0
        var garbage: [UInt8] = []
        var plugged = true
        var wantPlugged = true
        var stopped = false
        var received: [[UInt8]] = []
        var lastReadReplyAt: ContinuousClock.Instant?
    }

    /// Makes the PTY at `link` and starts answering. `commands` are the vendor's command payloads.
    public init(link: String, commands: IDCardReaderDriver.Settings = .init()) throws {
        path = link
        pty = try PTYPair(link: link)
        self.commands = commands
        let thread = Thread { [self] in serve() }
        thread.name = "ID reader simulator"
        thread.start()
    }

    deinit { state.withLock { $0.stopped = true } }

    public func stop() { state.withLock { $0.stopped = true } }

    /// A card is placed on the reader.
    public func place(_ text: IDCardText, photoLength: Int = 1024) {
        state.withLock { $0.card = IDCardRead(text: text, photoLength: photoLength) }
    }

    /// The card is lifted.
    public func lift() { state.withLock { $0.card = nil } }

    /// Answer `payload` (such as `find_card`) with `status` instead, until set to nil.
    public func answer(_ payload: [UInt8], with status: SAMStatus?) { state.withLock { $0.overrides[payload] = status } }

    /// Every reply waits this long.
    public func delayReplies(by seconds: Double) { state.withLock { $0.delay = seconds } }

    /// Bytes sent before the next reply.
    public func sendGarbage(_ bytes: [UInt8]) { state.withLock { $0.garbage += bytes } }

    /// The cable comes out (the PTY and its link vanish) or goes back in (a new PTY).
    public func pullCable() { state.withLock { $0.wantPlugged = false } }
    public func plugCable() { state.withLock { $0.wantPlugged = true } }

    /// Command payloads received so far.
    public var received: [[UInt8]] { state.withLock { $0.received } }

    /// Waits until the reader has been asked for a card `count` more times: long enough for
    /// the driver to see what changed. False after the timeout.
    @discardableResult
    public func waitForPolls(_ count: Int, timeout: Double = 10) -> Bool {
        let find = commands.findCard
        let start = received.count { $0 == find }
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if received.count(where: { $0 == find }) >= start + count { return true }
            usleep(10_000)
        }
        return false
    }

    /// When the last card read reply was written: where the kiosk latency starts.
    public var lastReadReplyAt: ContinuousClock.Instant? { state.withLock { $0.lastReadReplyAt } }

    private func serve() {
        var decoder = SAMFrameDecoder()
        while true {
            let (stopped, plugged, wantPlugged) = state.withLock { ($0.stopped, $0.plugged, $0.wantPlugged) }
            if stopped { break }
            // Plugging happens on this thread only, so the descriptor never closes under a read.
            if plugged != wantPlugged {
                if wantPlugged { try? pty.plugIn() } else { pty.unplug() }
                decoder.reset()
                state.withLock { $0.plugged = wantPlugged }
                continue
            }
            guard plugged else {
                usleep(20_000)
                continue
            }
            var watched = pollfd(fd: pty.controller, events: Int16(POLLIN), revents: 0)
            guard poll(&watched, 1, 20) > 0, watched.revents & Int16(POLLIN) != 0 else {
                // POLLHUP alone: nobody has the port open; wait for the daemon.
                if watched.revents & Int16(POLLHUP) != 0 { usleep(20_000) }
                continue
            }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = Glibc.read(pty.controller, &buffer, buffer.count)
            guard count > 0 else { continue }
            for case .frame(let payload) in decoder.feed(buffer[..<count]) {
                reply(to: payload)
            }
        }
        pty.unplug()
    }

    private func reply(to payload: [UInt8]) {
        let command = Array(payload.prefix(2))
        let (card, override, delay, garbage) = state.withLock { state in
            state.received.append(command)
            defer { state.garbage = [] }
            return (state.card, state.overrides[command], state.delay, state.garbage)
        }
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        var frame = garbage
        if let override {
            frame += SAMFrame.reply(override)
        } else {
            frame += answer(command, card: card)
        }
        pty.send(frame)
        if command == commands.readTextPhoto && card != nil && override == nil {
            state.withLock { $0.lastReadReplyAt = .now }
        }
    }

    private func answer(_ command: [UInt8], card: IDCardRead?) -> [UInt8] {
        switch command {
        case commands.reset, commands.samStatus: SAMFrame.reply(.ok)
        case [0x12, 0xFF]: SAMFrame.reply(.ok, data: Array("05.01-20261129-0001".utf8.prefix(16)))
        case commands.findCard: card == nil ? SAMFrame.reply(.findCardFailed) : SAMFrame.reply(.cardFound, data: [0, 0, 0, 0])
        case commands.selectCard:
            card == nil ? SAMFrame.reply(.selectCardFailed) : SAMFrame.reply(.ok, data: [UInt8](repeating: 0, count: 8))
        case commands.readTextPhoto: card.map { SAMFrame.reply(.ok, data: $0.data) } ?? SAMFrame.reply(.readFailed)
        case commands.preAuthenticate: SAMFrame.reply(.ok)
        default: SAMFrame.reply(.badCommand)
        }
    }
}
