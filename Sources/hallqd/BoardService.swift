import Foundation
import HallConfig
import HallCore
import HallDevices
import HallLayout
import HallLinux
import HallServer
import HallStore
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps the hall's LED boards showing the hall: a window's screen shows whom it calls (or
/// that it is free or paused), hall boards the latest calls and who is waiting, notice boards
/// their notice. Calls go to the bus schedulers as urgent; everything else as an update.
/// What the schedulers report becomes the boards' device health.
struct BoardService: ServiceLifecycle.Service {
    /// The buses of the configuration in force, with their schedulers.
    let wing: DeviceWing
    let engine: HallEngine
    let registry: DeviceRegistry
    let keys: KeyLog
    /// Where a keypad's digit keys sign staff in.
    let desk: StaffDesk
    let logger: Logger
    let toRate = TicketsToRate()
    let entries = KeypadEntries()

    var buses: [DeviceWing.Bus] { wing.buses }

    /// Every board with its bus's scheduler.
    var boards: [(board: BusConfiguration.Board, bus: BoardBus)] {
        wing.buses.flatMap { bus in bus.configuration.boards.map { (board: $0, bus: bus.scheduler) } }
    }

    func run() async throws {
        await engine.observe { entry, hall in callOut(entry.event, in: hall) }
        let subscription = await engine.subscribe()
        await update(afterCall: false)
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await entry in subscription.cancelOnGracefulShutdown() {
                    switch entry.event {
                    case .ticketFinished(let number, let window, _): toRate[window] = number
                    case .ticketEvaluated(_, let window, _, _, _): toRate[window] = nil
                    default: break
                    }
                    switch entry.event {
                    case .ticketCalled, .ticketRecalled: await update(afterCall: true)
                    case .deviceChanged, .kioskIdentified, .kioskNotice, .ticketPrinted, .appointmentBooked: continue
                    default: await update(afterCall: false)
                    }
                }
            }
            group.addTask {
                for await (bus, event) in wing.busEvents.cancelOnGracefulShutdown() { await handle(event, on: bus) }
            }
        }
    }

    /// A call's screens, made on the engine from the hall the call made and shown the moment
    /// the call is durable, from the journal's thread. The update that follows the event makes
    /// the same text, which the bus does not send twice.
    private func callOut(_ event: HallEvent, in hall: Hall) -> (@Sendable () -> Void)? {
        guard case .ticketCalled(let number, let window, let at) = event else { return nil }
        let screens = boards.filter { $0.board.window == window }
        guard !screens.isEmpty else { return nil }
        let values = BoardTexts.fields(hall)
        let texts = screens.map { screen in
            (
                board: screen,
                text: BoardTexts.screen(screen.board, window: window, showing: .calling, number: number, in: hall, values: values)
            )
        }
        return {
            for (board, text) in texts { board.bus.show(text, address: board.board.address, urgent: true, calledAt: at) }
        }
    }

    /// Gives every board its text now (and after a reload, its new text). Screens showing a
    /// call and, right after a call, hall boards go before refreshes.
    func update(afterCall: Bool) async {
        var texts = BoardTexts(hall: await engine.read { $0 }, toRate: toRate)
        let now = Date()
        for (board, bus) in boards {
            // A keypad with a sign-in being typed, or a moment's message, keeps showing it.
            if let typing = entries.shown(on: board.id, at: now) {
                bus.show(typing, address: board.address, urgent: false)
                continue
            }
            let (text, urgent, calledAt) = texts.text(board, afterCall: afterCall)
            bus.show(text, address: board.address, urgent: urgent, calledAt: calledAt)
        }
    }

    private func handle(_ event: BoardBus.Event, on bus: String) async {
        switch event {
        case .shown(let board, _, _):
            // A clean answer after a lost frame: the board is well again (a miss alone is no
            // reason to call it degraded for as long as the daemon runs).
            await registry.noteRecovered(board)
        case .lost(let board, let problem):
            await registry.noteError(board, problem)
        case .faulted(let board, let reason):
            logger.warning("board silent", metadata: ["board": "\(board)", "reason": "\(reason)"])
            await registry.report(board, fault: reason)
        case .recovered(let board):
            await registry.report(board, fault: nil)
        case .traffic(let bytesIn, let bytesOut, let frames):
            await registry.noteTraffic(bus, bytesIn: bytesIn, bytesOut: bytesOut, frames: frames)
        case .key(let id, let code):
            await pressed(code, on: id)
        }
    }

    /// A key on a window's keypad does what the window console's button does, for the person
    /// signed in there; a key on an evaluation pad rates the ticket the window finished last;
    /// digit keys sign staff in.
    private func pressed(_ code: UInt8, on id: String) async {
        guard let keypad = buses.lazy.flatMap(\.configuration.keypads).first(where: { $0.id == id }) else { return }
        let window = keypad.window
        if let action = keypad.actions[code], KeypadEntry.actions.contains(action) || action == "sign-out" {
            // Which digit was pressed is nobody's business: a PIN is typed with them.
            let digit = action.hasPrefix("digit-")
            keys.record(keypad: id, window: window, code: digit ? 0 : code, action: digit ? "digit" : action)
            return await signing(action, on: keypad)
        }
        keys.record(keypad: id, window: window, code: code, action: keypad.action(for: code))
        let command: HallCommand
        if let rating = keypad.ratings[code] {
            guard let number = toRate[window] else { return }
            command = .evaluate(number: number, rating: rating, reasons: [])
        } else {
            switch keypad.actions[code] {
            case "call-next": command = .callNext(window: window)
            case "recall": command = .recall(window: window)
            case "no-show": command = .noShow(window: window)
            case "finish": command = .finish(window: window)
            case "pause": command = .pause(window: window)
            case "resume": command = .resume(window: window)
            case "start": command = .startService(window: window)
            case "transfer":
                guard let service = keypad.transferTo else {
                    return logger.info("transfer key without transfer_to", metadata: ["keypad": "\(id)"])
                }
                command = .transfer(window: window, toService: service)
            default:
                return logger.info("unknown key", metadata: ["keypad": "\(id)", "code": "\(code)"])
            }
        }
        do {
            let staff = keypad.ratings[code] == nil ? desk.sessions.use(window: window, at: Date())?.staff : nil
            _ = try await engine.execute(command, by: staff) { _, _ in () }
        } catch {
            // The digits say "E" and the key for a moment (nobody waiting, window paused ...),
            // then show the window again; the reason goes to the log.
            logger.info("keypad key refused", metadata: ["keypad": "\(id)", "code": "\(code)", "reason": "\(error)"])
            flash(String(format: "E-%02X", code), on: keypad)
        }
    }

    /// A key of a sign-in typed on the keypad: `sign-in` begins one (the digits ask for the 工号),
    /// digits, `clear` and `enter` go on, and the second `enter` signs in. The digits then show
    /// the 工号 signed in, `Err` for a wrong 工号 or PIN, or `LOCK`. `sign-out` signs the window out.
    private func signing(_ action: String, on keypad: BusConfiguration.Keypad) async {
        let now = Date()
        if action == "sign-out" {
            entries.end(keypad.id)
            await desk.signOut(window: keypad.window, reason: "signed out at the keypad")
            return flash("OFF", on: keypad)
        }
        let digits = keypad.profile.integer("display_digits") ?? 4
        guard var entry = action == "sign-in" ? KeypadEntry(digits: digits) : entries.entry(on: keypad.id, at: now) else { return }
        switch action == "sign-in" ? .typing(entry.shown) : entry.press(action) {
        case .typing(let text):
            entries.keep(entry, on: keypad.id, at: now)
            show(text, on: keypad)
        case .cancelled:
            entries.end(keypad.id)
            await update(afterCall: false)
        case .entered(let staff, let pin):
            entries.end(keypad.id)
            do {
                let session = try await desk.signIn(
                    staff: staff, pin: pin, at: keypad.window, action: "keypad \(keypad.id) sign-in", client: keypad.id)
                flash(String(session.staff.suffix(digits)), on: keypad)
            } catch let refusal as APIError {
                flash(refusal.code == "staff_locked" ? "LOCK" : "Err", on: keypad)
            } catch {
                flash("Err", on: keypad)
            }
        }
    }

    private func show(_ text: String, on keypad: BusConfiguration.Keypad) {
        buses.first { $0.configuration.keypads.contains { $0.id == keypad.id } }?.scheduler.show(
            text, address: keypad.address, urgent: true)
    }

    /// Shows `text` on a keypad for a moment, then the window again; updates meanwhile leave it.
    private func flash(_ text: String, on keypad: BusConfiguration.Keypad) {
        entries.show(text, on: keypad.id, until: Date() + Self.refusalShown)
        show(text, on: keypad)
        Task {
            try? await Task.sleep(for: .seconds(Self.refusalShown))
            await update(afterCall: false)
        }
    }

    /// How long a keypad shows that a key was refused.
    static let refusalShown = 2.0
}

typealias BoardLayoutState = HallLayout.BoardLayout.WindowState

/// What keypads show instead of their window for a while: a sign-in being typed (dropped when
/// left for half a minute), or a moment's message (a refused key, a sign-in's outcome).
final class KeypadEntries: Sendable {
    static let abandonedAfter: TimeInterval = 30
    private let entries = Mutex<[String: (entry: KeypadEntry, lastKey: Date)]>([:])
    private let messages = Mutex<[String: (text: String, until: Date)]>([:])

    func entry(on keypad: String, at now: Date) -> KeypadEntry? {
        entries.withLock { entries in
            guard let kept = entries[keypad], now.timeIntervalSince(kept.lastKey) < Self.abandonedAfter else {
                entries[keypad] = nil
                return nil
            }
            return kept.entry
        }
    }

    func keep(_ entry: KeypadEntry, on keypad: String, at now: Date) { entries.withLock { $0[keypad] = (entry, now) } }
    func end(_ keypad: String) { _ = entries.withLock { $0.removeValue(forKey: keypad) } }
    func show(_ text: String, on keypad: String, until: Date) { messages.withLock { $0[keypad] = (text, until) } }

    /// What the keypad shows now instead of its window, if anything.
    func shown(on keypad: String, at now: Date) -> String? {
        let message = messages.withLock { $0[keypad].flatMap { $0.until > now ? $0.text : nil } }
        return message ?? entry(on: keypad, at: now)?.shown
    }
}

/// The ticket each window's evaluation pad waits to have rated: the one it finished last.
final class TicketsToRate: Sendable {
    private let numbers = Mutex<[Int: TicketNumber]>([:])

    subscript(window: Int) -> TicketNumber? {
        get { numbers.withLock { $0[window] } }
        set { numbers.withLock { $0[window] = newValue } }
    }
}
