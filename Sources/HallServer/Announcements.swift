import Foundation

/// The voice's queue as the API sees it: what was said, dropped or is waiting, and requests
/// from the admin (the closing-time announcement). The daemon's voice service fills it.
public actor Announcements {
    public struct Entry: Sendable, Codable, Equatable {
        public var id: Int
        /// `call`, `recall`, `transfer` or `closing`.
        public var kind: String
        public var number: String?
        public var window: Int?
        public var sentences: [String]
        public var queuedAt: Date
        public var startedAt: Date?
        public var finishedAt: Date?
        public var file: String?
        /// Why it was not said (the ticket was finished before its turn), or what failed.
        public var dropped: String?
    }

    private var entries: [Entry] = []
    private var nextID = 1
    private let requests: AsyncStream<String>.Continuation
    /// Announcements asked for through the API, by kind.
    public nonisolated let requested: AsyncStream<String>

    public init() {
        (requested, requests) = AsyncStream.makeStream(of: String.self)
    }

    /// The latest entries, oldest first.
    public var recent: [Entry] { entries }

    public func queued(kind: String, number: String?, window: Int?, sentences: [String]) -> Int {
        defer { nextID += 1 }
        entries.append(Entry(id: nextID, kind: kind, number: number, window: window, sentences: sentences, queuedAt: Date()))
        if entries.count > 200 { entries.removeFirst(entries.count - 200) }
        return nextID
    }

    public func update(_ id: Int, _ change: (inout Entry) -> Void) {
        guard let index = entries.firstIndex(where: { $0.id == id }) else { return }
        change(&entries[index])
    }

    public nonisolated func request(_ kind: String) { requests.yield(kind) }
}
