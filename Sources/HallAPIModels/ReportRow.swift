import Foundation
import HallCore

/// One line of a report (`GET /api/v1/reports`): a service, window, staff member, hour,
/// weekday or day over the period, or the whole hall in `total`. Minutes and shares are nil
/// when nothing was counted.
public struct ReportRow: Codable, Sendable, Equatable {
    public var key: String
    /// The key's name where it has one (the service's name, the window's, the person's).
    public var name: String?
    public var issued: Int
    public var served: Int
    public var noShows: Int
    public var noShowRate: Double?
    public var cancelled: Int
    public var transferred: Int
    public var recalls: Int
    public var meanWaitMinutes: Double?
    public var p90WaitMinutes: Double?
    public var meanServiceMinutes: Double?
    public var p90ServiceMinutes: Double?
    /// Share of the waits longer than the service's overdue limit.
    public var overLimitShare: Double?
    public var servicesOverExpected: Int
    /// Ratings by level, "1" (非常不满意) to "5" (非常满意).
    public var ratings: [String: Int]
    public var ratingRate: Double?
    public var satisfaction: Double?
    public var poorRate: Double?
    public var pauseMinutes: [String: Double]
    public var booked: Int
    public var checkedIn: Int
    public var missed: Int
    public var outcomes: [String: Int]

    public init(key: String, name: String? = nil, _ figures: Figures) {
        self.key = key
        self.name = name
        issued = figures.issued
        served = figures.served
        noShows = figures.noShows
        noShowRate = figures.noShowRate
        cancelled = figures.cancelled
        transferred = figures.transferred
        recalls = figures.recalls
        meanWaitMinutes = figures.waits.meanMinutes
        p90WaitMinutes = figures.waits.percentileMinutes(0.9)
        meanServiceMinutes = figures.serviceTimes.meanMinutes
        p90ServiceMinutes = figures.serviceTimes.percentileMinutes(0.9)
        overLimitShare = figures.overLimitShare
        servicesOverExpected = figures.servicesOverExpected
        ratings = Dictionary(uniqueKeysWithValues: figures.ratings.map { ("\($0.key)", $0.value) })
        ratingRate = figures.ratingRate
        satisfaction = figures.satisfaction
        poorRate = figures.poorRate
        pauseMinutes = figures.pauseSeconds.mapValues { $0 / 60 }
        booked = figures.booked
        checkedIn = figures.checkedIn
        missed = figures.missed
        outcomes = figures.outcomes
    }
}
