import Foundation
import HallAnnounce
import HallConfig
import HallCore
import HallServer
import HallStore
import Logging
import ServiceLifecycle
import Synchronization

/// The hall's voice: each call, recall and transfer becomes an announcement in one queue,
/// said one at a time in the order of the events. Just before its turn an announcement is
/// checked against the hall: a ticket finished, no-show, moved or cancelled meanwhile is not
/// called any more. Synthesis and playing run off the service's task, one after another.
struct VoiceService: ServiceLifecycle.Service {
    /// The voice of the configuration in force, or none; a reload replaces it.
    final class Live: Sendable {
        typealias Current = (voice: Voice, configuration: VoiceConfiguration)
        private let current: Mutex<Current?>

        init(_ current: Current?) { self.current = Mutex(current) }

        var value: Current? { current.withLock { $0 } }

        func replace(with new: Current?) { current.withLock { $0 = new } }
    }

    let live: Live
    let engine: HallEngine
    let announcements: Announcements
    let logger: Logger

    /// What an announcement is for, to check it is still wanted when its turn comes.
    enum Subject {
        case called(TicketNumber, window: Int)
        case transferred(TicketNumber, service: String)
        case hall
    }

    func run() async throws {
        let (waiting, adding) = AsyncStream.makeStream(of: (id: Int, kind: VoiceLayout.Kind, subject: Subject, sentences: [Sentence]).self)
        let events = await engine.subscribe()
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await entry in events.cancelOnGracefulShutdown() {
                    let hallName = await engine.read { $0.definition.name }
                    let (kind, subject): (VoiceLayout.Kind, Subject)
                    var values = ["hall": hallName]
                    switch entry.event {
                    case .ticketCalled(let number, let window, _):
                        (kind, subject) = (.call, .called(number, window: window))
                    case .ticketRecalled(let number, let window, _):
                        (kind, subject) = (.recall, .called(number, window: window))
                    case .ticketTransferred(let number, _, let service, _):
                        (kind, subject) = (.transfer, .transferred(number, service: service))
                    default:
                        continue
                    }
                    if case .called(let number, let window) = subject {
                        values["number"] = number.description
                        values["window"] = String(window)
                    }
                    if case .transferred(let number, let service) = subject {
                        values["number"] = number.description
                        let named = await engine.read { $0.definition.service(service) }
                        values["service"] = named?.nameZh ?? service
                        values["service_en"] = named?.nameEn ?? service
                    }
                    await enqueue(kind, subject, values, into: adding)
                }
            }
            group.addTask {
                for await kind in announcements.requested.cancelOnGracefulShutdown() {
                    guard let kind = VoiceLayout.Kind(rawValue: kind) else { continue }
                    await enqueue(kind, .hall, ["hall": await engine.read { $0.definition.name }], into: adding)
                }
            }
            group.addTask {
                for await item in waiting.cancelOnGracefulShutdown() {
                    guard let (voice, configuration) = live.value else {
                        await announcements.update(item.id) { $0.dropped = "the voice was turned off" }
                        continue
                    }
                    await say(item, voice: voice, configuration: configuration)
                }
            }
        }
    }

    private func enqueue(
        _ kind: VoiceLayout.Kind, _ subject: Subject, _ values: [String: String],
        into queue: AsyncStream<(id: Int, kind: VoiceLayout.Kind, subject: Subject, sentences: [Sentence])>.Continuation
    ) async {
        guard let configuration = live.value?.configuration,
            let sentences = configuration.layout.sentences(
                kind, values: values, reading: configuration.reading, english: configuration.english)
        else { return }
        var window: Int?
        if case .called(_, let at) = subject { window = at }
        let id = await announcements.queued(kind: kind.rawValue, number: values["number"], window: window, sentences: sentences.map(\.text))
        queue.yield((id, kind, subject, sentences))
    }

    /// Why an announcement is no longer wanted, or nil.
    private func stale(_ subject: Subject) async -> String? {
        await engine.read { hall in
            switch subject {
            case .hall:
                return nil
            case .called(let number, let window):
                guard let ticket = hall.ticket(number) else { return "ticket \(number) is gone" }
                return [.called, .serving].contains(ticket.state) && ticket.window == window
                    ? nil : "\(number) is \(ticket.state.rawValue) already"
            case .transferred(let number, let service):
                guard let ticket = hall.ticket(number) else { return "ticket \(number) is gone" }
                return ticket.state == .waiting && ticket.service == service ? nil : "\(number) is \(ticket.state.rawValue) already"
            }
        }
    }

    private func say(
        _ item: (id: Int, kind: VoiceLayout.Kind, subject: Subject, sentences: [Sentence]), voice: Voice, configuration: VoiceConfiguration
    ) async {
        if let reason = await stale(item.subject) {
            await announcements.update(item.id) { $0.dropped = reason }
            return
        }
        let repeats = [.call, .recall].contains(item.kind) ? configuration.layout.repeats : 1
        let name = String(format: "%06d-%@", item.id, item.kind.rawValue)
        do {
            let file = try await Self.offTask { try voice.render(item.sentences, repeats: repeats, chime: item.kind == .call, name: name) }
            // Synthesis took a moment: the ticket may have been finished meanwhile.
            if let reason = await stale(item.subject) {
                await announcements.update(item.id) {
                    $0.dropped = reason
                    $0.file = file
                }
                return
            }
            let started = Date()
            await announcements.update(item.id) {
                $0.startedAt = started
                $0.file = file
            }
            try await Self.offTask { try voice.play(file) }
            let finished = Date()
            await announcements.update(item.id) { $0.finishedAt = finished }
        } catch {
            logger.error("announcement failed", metadata: ["kind": "\(item.kind.rawValue)", "error": "\(error)"])
            await announcements.update(item.id) { $0.dropped = "failed: \(error)" }
        }
    }

    /// Runs blocking work (a synthesizer, a player) on its own thread, not the task pool's.
    private static func offTask<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }
}
