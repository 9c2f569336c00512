import Foundation

/// The measures a report gives for one service, window, staff member, hour or the whole hall,
/// over one day or many: counts and histograms only, so that days add up exactly (`+`).
public struct Figures: Sendable, Equatable, Codable {
    public var issued = 0
    /// Finished at a window (办结 of the visit, whatever its matters' outcomes).
    public var served = 0
    public var noShows = 0
    public var cancelled = 0
    public var transferred = 0
    public var recalls = 0
    public var waits = Histogram()
    public var serviceTimes = Histogram()
    /// Waits longer than the service's overdue limit (`overdue_minutes`).
    public var waitsOverLimit = 0
    /// Visits longer at the window than the service's expected minutes.
    public var servicesOverExpected = 0
    /// Ratings by level, 1 (非常不满意) to 5 (非常满意).
    public var ratings: [Int: Int] = [:]
    /// Seconds windows were paused, by reason (`-` when none was given).
    public var pauseSeconds: [String: Double] = [:]
    public var booked = 0
    public var checkedIn = 0
    /// Matters handled, by outcome (办结, 受理, ...).
    public var outcomes: [String: Int] = [:]

    public init() {}

    public static func + (a: Figures, b: Figures) -> Figures {
        var sum = a
        sum.issued += b.issued
        sum.served += b.served
        sum.noShows += b.noShows
        sum.cancelled += b.cancelled
        sum.transferred += b.transferred
        sum.recalls += b.recalls
        sum.waits = a.waits + b.waits
        sum.serviceTimes = a.serviceTimes + b.serviceTimes
        sum.waitsOverLimit += b.waitsOverLimit
        sum.servicesOverExpected += b.servicesOverExpected
        sum.ratings.merge(b.ratings, uniquingKeysWith: +)
        sum.pauseSeconds.merge(b.pauseSeconds, uniquingKeysWith: +)
        sum.booked += b.booked
        sum.checkedIn += b.checkedIn
        sum.outcomes.merge(b.outcomes, uniquingKeysWith: +)
        return sum
    }

    public var rated: Int { ratings.values.reduce(0, +) }
    /// 弃号率: no-shows of the tickets issued.
    public var noShowRate: Double? { share(noShows, of: issued) }
    /// 评价率: rated of served.
    public var ratingRate: Double? { share(rated, of: served) }
    /// 满意率: 满意 and 非常满意 of the rated.
    public var satisfaction: Double? { share((ratings[4] ?? 0) + (ratings[5] ?? 0), of: rated) }
    /// 差评率: 不满意 and 非常不满意 of the rated.
    public var poorRate: Double? { share((ratings[1] ?? 0) + (ratings[2] ?? 0), of: rated) }
    public var overLimitShare: Double? { share(waitsOverLimit, of: waits.count) }
    /// Bookings for the period that no ticket checked in.
    public var missed: Int { max(0, booked - checkedIn) }

    private func share(_ part: Int, of whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }
}
