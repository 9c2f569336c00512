import Foundation
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
    let buses: [(configuration: BusConfiguration, bus: BoardBus)]
    let events: AsyncStream<(bus: String, event: BoardBus.Event)>
    let engine: HallEngine
    let registry: DeviceRegistry
    let keys: KeyLog
    let logger: Logger
    let toRate = TicketsToRate()

    /// A scheduler for each configured bus, reporting into one stream.
    static func buses(_ configuration: HallConfiguration) -> (buses: [(configuration: BusConfiguration, bus: BoardBus)], events: AsyncStream<(bus: String, event: BoardBus.Event)>) {
        let (events, continuation) = AsyncStream.makeStream(of: (bus: String, event: BoardBus.Event).self, bufferingPolicy: .bufferingNewest(10_000))
        let buses = configuration.buses.map { bus in
            let boards = bus.boards.compactMap { board in
                board.profile.boardProtocol.map {
                    BoardBus.Board(id: board.id, address: board.address, codec: $0, ackTimeout: board.profile.boardAckTimeout, retries: board.profile.boardRetries)
                }
            }
            return (bus, BoardBus(id: bus.id, boards: boards, keypads: bus.keypads.compactMap(\.polled), timing: bus.timing) { continuation.yield((bus.id, $0)) })
        }
        return (buses, events)
    }

    func run() async throws {
        guard !buses.isEmpty else {
            try await gracefulShutdown()
            return
        }
        let subscription = await engine.subscribe()
        await update(urgentWindows: [])
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await entry in subscription.cancelOnGracefulShutdown() {
                    switch entry.event {
                    case .ticketFinished(let number, let window, _): toRate[window] = number
                    case .ticketEvaluated(_, let window, _, _, _): toRate[window] = nil
                    default: break
                    }
                    switch entry.event {
                    case .ticketCalled(_, let window, _), .ticketRecalled(_, let window, _): await update(urgentWindows: [window])
                    case .deviceChanged, .kioskIdentified, .kioskNotice, .ticketPrinted, .appointmentBooked: continue
                    default: await update(urgentWindows: [])
                    }
                }
            }
            group.addTask {
                for await (bus, event) in events.cancelOnGracefulShutdown() { await handle(event, on: bus) }
            }
        }
    }

    /// Gives every board its text now; boards showing `urgentWindows` (window screens, and
    /// hall boards when a window called) go before refreshes.
    private func update(urgentWindows: Set<Int>) async {
        let (windows, definition, latest, waiting) = await engine.read { hall in
            let called = hall.tickets.values.filter { $0.calledAt != nil && $0.window != nil }.sorted { $0.calledAt! > $1.calledAt! }
            return (hall.windows, hall.definition, Array(called.prefix(32)), hall.waitingCount)
        }
        let hallValues = ["hall": definition.name, "waiting": "\(waiting)"]
        for (configuration, bus) in buses {
            for board in configuration.boards {
                let english = board.profile.boardProtocol?.asciiOnly ?? false
                let (width, lines) = (board.profile.boardWidth, board.profile.boardLines)
                let text: String
                var urgent = false
                switch board.shows {
                case .window(let number):
                    let state = windows[number] ?? WindowState(number: number)
                    let window = definition.windows.first { $0.number == number }
                    let ticket = state.current.flatMap { current in latest.first { $0.number == current } }
                    let service = definition.services.first { $0.id == ticket?.service ?? window?.services.first }
                    let values = hallValues.merging([
                        "number": state.current.map { "\($0)" } ?? "", "window": "\(number)", "window_name": window?.name ?? "",
                        "service": service?.nameZh ?? "", "service_en": service?.nameEn ?? "",
                    ]) { $1 }
                    let shown: BoardLayoutState = state.paused ? .paused : (state.current == nil ? .idle : .calling)
                    text = board.layout.window(shown, values: values, width: width, lines: lines, english: english)
                    // Events may come after the state they caused: a screen that shows a call
                    // is urgent whichever event brought it.
                    urgent = shown == .calling
                case .hall:
                    let calls = latest.map { ["number": "\($0.number)", "window": "\($0.window ?? 0)"] }
                    text = board.layout.hall(calls: calls, values: hallValues, width: width, lines: lines, english: english)
                    urgent = !urgentWindows.isEmpty
                case .evaluation(let window):
                    text = toRate[window].map { "\($0)" } ?? ""
                case .notice(let notice):
                    text = board.layout.notice(values: hallValues.merging(["notice": notice]) { $1 }, width: width, lines: lines, english: english)
                }
                bus.show(text, address: board.address, urgent: urgent)
            }
        }
    }

    private func handle(_ event: BoardBus.Event, on bus: String) async {
        switch event {
        case .shown:
            break
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

    /// A key on a window's keypad does what the window console's button does; a key on an
    /// evaluation pad rates the ticket the window finished last.
    private func pressed(_ code: UInt8, on id: String) async {
        guard let keypad = buses.lazy.flatMap(\.configuration.keypads).first(where: { $0.id == id }) else { return }
        let window = keypad.window
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
                guard let service = keypad.transferTo else { return logger.info("transfer key without transfer_to", metadata: ["keypad": "\(id)"]) }
                command = .transfer(window: window, toService: service)
            default:
                return logger.info("unknown key", metadata: ["keypad": "\(id)", "code": "\(code)"])
            }
        }
        do {
            _ = try await engine.execute(command) { _, _ in () }
        } catch {
            // The digits say "E" and the key for a moment (nobody waiting, window paused ...),
            // then show the window again; the reason goes to the log.
            logger.info("keypad key refused", metadata: ["keypad": "\(id)", "code": "\(code)", "reason": "\(error)"])
            guard let bus = buses.first(where: { $0.configuration.keypads.contains { $0.id == id } })?.bus else { return }
            bus.show(String(format: "E-%02X", code), address: keypad.address, urgent: true)
            Task {
                try? await Task.sleep(for: .seconds(Self.refusalShown))
                await update(urgentWindows: [])
            }
        }
    }

    /// How long a keypad shows that a key was refused.
    static let refusalShown = 2.0
}

typealias BoardLayoutState = HallLayout.BoardLayout.WindowState

/// The ticket each window's evaluation pad waits to have rated: the one it finished last.
final class TicketsToRate: Sendable {
    private let numbers = Mutex<[Int: TicketNumber]>([:])

    subscript(window: Int) -> TicketNumber? {
        get { numbers.withLock { $0[window] } }
        set { numbers.withLock { $0[window] = newValue } }
    }
}
