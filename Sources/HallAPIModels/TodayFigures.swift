import Foundation

/// Today's figures for the admin view: per service and window, tickets, waiting and service
/// times (mean and 90th percentile, minutes), ratings; and the waits over their limit now.
public struct TodayFigures: Codable, Sendable, Equatable {
    /// Tickets, times and ratings of one service or window.
    public struct Times: Codable, Sendable, Equatable {
        public var tickets: Int
        public var served: Int
        public var meanWaitMinutes: Double?
        public var p90WaitMinutes: Double?
        public var meanServiceMinutes: Double?
        public var p90ServiceMinutes: Double?
        /// Count per level, by the level's Chinese name.
        public var ratings: [String: Int]
        public var meanRating: Double?

        public init(
            tickets: Int, served: Int, meanWaitMinutes: Double? = nil, p90WaitMinutes: Double? = nil, meanServiceMinutes: Double? = nil,
            p90ServiceMinutes: Double? = nil, ratings: [String: Int], meanRating: Double? = nil
        ) {
            self.tickets = tickets
            self.served = served
            self.meanWaitMinutes = meanWaitMinutes
            self.p90WaitMinutes = p90WaitMinutes
            self.meanServiceMinutes = meanServiceMinutes
            self.p90ServiceMinutes = p90ServiceMinutes
            self.ratings = ratings
            self.meanRating = meanRating
        }
    }

    /// A ticket waiting longer than its service's limit.
    public struct Overdue: Codable, Sendable, Equatable {
        public var number: String
        public var service: String
        public var waitedMinutes: Int
        public var limitMinutes: Int

        public init(number: String, service: String, waitedMinutes: Int, limitMinutes: Int) {
            self.number = number
            self.service = service
            self.waitedMinutes = waitedMinutes
            self.limitMinutes = limitMinutes
        }
    }

    /// A poor rating to follow up.
    public struct FollowUp: Codable, Sendable, Equatable {
        public var number: String
        public var window: Int
        public var rating: Int
        public var level: String
        public var reasons: [String]
        public var at: Date

        public init(number: String, window: Int, rating: Int, level: String, reasons: [String], at: Date) {
            self.number = number
            self.window = window
            self.rating = rating
            self.level = level
            self.reasons = reasons
            self.at = at
        }
    }

    public var services: [String: Times]
    public var windows: [String: Times]
    public var overdue: [Overdue]
    public var longestWaitMinutes: Int
    public var followUps: [FollowUp]
    /// A pause longer than this is shown as one to look at.
    public var pauseAlertMinutes: Int

    public init(
        services: [String: Times], windows: [String: Times], overdue: [Overdue], longestWaitMinutes: Int, followUps: [FollowUp],
        pauseAlertMinutes: Int
    ) {
        self.services = services
        self.windows = windows
        self.overdue = overdue
        self.longestWaitMinutes = longestWaitMinutes
        self.followUps = followUps
        self.pauseAlertMinutes = pauseAlertMinutes
    }
}
