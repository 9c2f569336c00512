import Foundation
import HallDevices
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// An ESC/POS ticket printer on the far end of a PTY, as on an RS-232 kiosk printer: it
/// answers `DLE EOT 4` with its paper status, prints what else comes while it has paper, and
/// loses what comes while it has none (as a real one does). The test takes its paper away,
/// gives it back, or makes it deaf.
// The PTY is used only by the serving thread once started; everything else is behind the mutex.
public final class SerialPrinterSimulator: @unchecked Sendable {
    public let path: String
    private let pty: PTYPair
    private let state = Mutex(State())

    struct State {
        var paper: EscPosPrinterDriver.Paper = .present
        var answers = true
        var stopped = false
        var printed: [UInt8] = []
        var lost = 0
        var statusRequests = 0
        /// A DLE EOT sequence cut by a read.
        var pending: [UInt8] = []
    }

    public init(link: String) throws {
        path = link
        pty = try PTYPair(link: link)
        let thread = Thread { [self] in serve() }
        thread.name = "printer simulator"
        thread.start()
    }

    deinit { state.withLock { $0.stopped = true } }

    public func stop() { state.withLock { $0.stopped = true } }

    public func setPaper(_ paper: EscPosPrinterDriver.Paper) { state.withLock { $0.paper = paper } }

    /// A printer that takes bytes but answers nothing (its status line is broken, or it is a
    /// model without one).
    public func setAnswers(_ answers: Bool) { state.withLock { $0.answers = answers } }

    /// Everything printed so far, status requests taken out.
    public var printed: [UInt8] { state.withLock { $0.printed } }

    /// Bytes that came while there was no paper.
    public var lost: Int { state.withLock { $0.lost } }

    public var statusRequests: Int { state.withLock { $0.statusRequests } }

    /// Tickets on paper: the cuts (`GS V`) in what was printed.
    public var cuts: Int {
        let bytes = printed
        return bytes.indices.dropLast().count { bytes[$0] == 0x1D && bytes[$0 + 1] == 0x56 }
    }

    private func serve() {
        while !state.withLock({ $0.stopped }) {
            var watched = pollfd(fd: pty.controller, events: Int16(POLLIN), revents: 0)
            guard poll(&watched, 1, 20) > 0, watched.revents & Int16(POLLIN) != 0 else {
                // POLLHUP alone: nobody has the port open yet.
                if watched.revents & Int16(POLLHUP) != 0 { usleep(20_000) }
                continue
            }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = Glibc.read(pty.controller, &buffer, buffer.count)
            guard count > 0 else { continue }
            if let answer = take(Array(buffer[..<count])) { pty.send([answer]) }
        }
        pty.unplug()
    }

    /// Prints or loses the bytes; the status byte to answer, if they asked for one.
    private func take(_ bytes: [UInt8]) -> UInt8? {
        state.withLock { state in
            var stream = state.pending + bytes
            state.pending = []
            var asked = false
            var content: [UInt8] = []
            while !stream.isEmpty {
                if stream.starts(with: EscPosPrinterDriver.paperStatusRequest) {
                    asked = true
                    stream.removeFirst(3)
                } else if stream.count < 3 && EscPosPrinterDriver.paperStatusRequest.starts(with: stream) {
                    state.pending = stream
                    stream = []
                } else {
                    content.append(stream.removeFirst())
                }
            }
            if state.paper == .out { state.lost += content.count } else { state.printed += content }
            guard asked else { return nil }
            state.statusRequests += 1
            guard state.answers else { return nil }
            return switch state.paper {
            case .present: 0x12
            case .nearEnd: 0x1E
            case .out: 0x72
            }
        }
    }
}
