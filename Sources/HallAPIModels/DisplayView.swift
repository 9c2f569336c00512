import Foundation

/// Everything the display shows, in one answer: it asks again whenever the hall changes.
public struct DisplayView: Codable, Sendable, Equatable {
    /// A recent call.
    public struct Call: Codable, Sendable, Equatable {
        public var number: String
        public var window: Int
        public var windowName: String
        public var service: String
        public var serviceEn: String
        public var calledAt: Date
        /// Still at the window (called or being served).
        public var current: Bool
        /// The citizen's masked name (张*三), when the hall shows names (`display.show_names`).
        public var name: String?

        public init(
            number: String, window: Int, windowName: String, service: String, serviceEn: String, calledAt: Date, current: Bool,
            name: String? = nil
        ) {
            self.name = name
            self.number = number
            self.window = window
            self.windowName = windowName
            self.service = service
            self.serviceEn = serviceEn
            self.calledAt = calledAt
            self.current = current
        }
    }

    /// A service's queue.
    public struct Queue: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var nameEn: String
        public var waiting: Int
        public var estimatedWaitMinutes: Int
        public var openNow: Bool

        public init(id: String, name: String, nameEn: String, waiting: Int, estimatedWaitMinutes: Int, openNow: Bool) {
            self.id = id
            self.name = name
            self.nameEn = nameEn
            self.waiting = waiting
            self.estimatedWaitMinutes = estimatedWaitMinutes
            self.openNow = openNow
        }
    }

    public var hall: String
    public var notice: String
    public var now: Date
    public var calls: [Call]
    public var services: [Queue]
    /// The services' guides, which the display shows in turn between calls.
    public var guides: [Guide]

    /// A service's guide as the display shows it.
    public struct Guide: Codable, Sendable, Equatable {
        public var service: String
        public var materials: [String]
        public var timeLimit: String

        public init(service: String, materials: [String], timeLimit: String) {
            self.service = service
            self.materials = materials
            self.timeLimit = timeLimit
        }
    }

    public init(hall: String, notice: String, now: Date, calls: [Call], services: [Queue], guides: [Guide] = []) {
        self.guides = guides
        self.hall = hall
        self.notice = notice
        self.now = now
        self.calls = calls
        self.services = services
    }
}
