import Foundation
import HallConfig
import HallCore
import HallServer

/// What each board shows for one state of the hall. Made from a copy of the hall, outside the
/// engine; the latest calls (a sort of the day's tickets) only when a hall board asks.
struct BoardTexts {
    let hall: Hall
    let toRate: TicketsToRate
    private let values: [String: String]
    private var latest: [Ticket]?

    init(hall: Hall, toRate: TicketsToRate) {
        self.hall = hall
        self.toRate = toRate
        values = Self.fields(hall)
    }

    /// The board's text, whether it goes before refreshes (a screen showing a call, and a hall
    /// board right after a call), and when the call a screen shows was made.
    mutating func text(_ board: BusConfiguration.Board, afterCall: Bool) -> (text: String, urgent: Bool, calledAt: Date?) {
        let (layout, width, lines, english) = (board.layout, board.width, board.lines, board.english)
        switch board.shows {
        case .window(let number):
            let state = hall.windows[number] ?? WindowState(number: number)
            let shown: BoardLayoutState = state.paused ? .paused : (state.current == nil ? .idle : .calling)
            // Events may come after the state they caused: a screen that shows a call is urgent
            // whichever event brought it.
            let text = Self.screen(board, window: number, showing: shown, number: state.current, in: hall, values: values)
            return (text, shown == .calling, shown == .calling ? state.current.flatMap(hall.ticket)?.calledAt : nil)
        case .hall:
            let calls = latestCalls().map { ["number": "\($0.number)", "window": "\($0.window ?? 0)"] }
            return (layout.hall(calls: calls, values: values, width: width, lines: lines, english: english), afterCall, nil)
        case .evaluation(let window):
            return (toRate[window].map { "\($0)" } ?? "", false, nil)
        case .notice(let notice):
            return (
                layout.notice(values: values.merging(["notice": notice]) { $1 }, width: width, lines: lines, english: english), false, nil
            )
        }
    }

    /// The fields every board may show.
    static func fields(_ hall: Hall) -> [String: String] {
        ["hall": hall.definition.name, "waiting": "\(hall.waitingCount)"]
    }

    /// Window `window`'s screen showing `shown`, with `number` as the ticket it calls.
    static func screen(
        _ board: BusConfiguration.Board, window number: Int, showing shown: BoardLayoutState, number current: TicketNumber?, in hall: Hall,
        values: [String: String]
    ) -> String {
        let window = hall.definition.windows.first { $0.number == number }
        let ticket = current.flatMap(hall.ticket)
        let service = hall.definition.services.first { $0.id == ticket?.service ?? window?.services.first }
        let values = values.merging([
            "number": current.map { "\($0)" } ?? "", "window": "\(number)", "window_name": window?.name ?? "",
            "service": service?.nameZh ?? "", "service_en": service?.nameEn ?? "",
        ]) { $1 }
        return board.layout.window(shown, values: values, width: board.width, lines: board.lines, english: board.english)
    }

    /// The newest calls first, as many as a hall board can show.
    private mutating func latestCalls() -> [Ticket] {
        if let latest { return latest }
        let called = hall.tickets.values.filter { $0.calledAt != nil && $0.window != nil }.sorted { $0.calledAt! > $1.calledAt! }
        latest = Array(called.prefix(32))
        return latest!
    }
}
