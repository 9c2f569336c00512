import Foundation
import HallServer
import HallStore
import Logging
import ServiceLifecycle

/// Keeps the past days' figures: at start, the days the journal holds that were not rolled up
/// (a first start on an old journal, or a daemon stopped over midnight), then each day as the
/// next one opens. On a queue of its own: a day's events take a while to read, and no request
/// or command waits for them.
struct RollupService: ServiceLifecycle.Service {
    let journal: Journal
    let engine: HallEngine
    let live: LiveConfiguration
    let logger: Logger
    private let queue = DispatchQueue(label: "hall-rollups", qos: .utility)

    func run() async throws {
        let events = await engine.subscribe()
        await rollUp()
        await cancelWhenGracefulShutdown {
            for await entry in events {
                if case .dayOpened = entry.event { await rollUp() }
            }
        }
        // The event stream may end first, as the daemon stops: a service must not end before
        // it is told to.
        try? await gracefulShutdown()
    }

    private func rollUp() async {
        // The day it is by the clock, not the hall's last: a daemon started the morning after
        // rolls up yesterday before anyone takes a ticket.
        let today = await engine.read { $0.hallDay(at: Date()) }
        let definition = live.value.definition
        let outcome = await withCheckedContinuation { done in
            queue.async { [journal] in done.resume(returning: Result { try journal.rollUpPastDays(today: today, definition: definition) }) }
        }
        switch outcome {
        case .success(let days) where !days.isEmpty:
            logger.info("daily figures kept", metadata: ["days": "\(days.count)", "last": "\(days.last ?? "")"])
        case .success: break
        case .failure(let error):
            logger.error("daily figures not kept; tried again at the next day's close", metadata: ["error": "\(error)"])
        }
    }
}
