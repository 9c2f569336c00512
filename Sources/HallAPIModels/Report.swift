import Foundation

/// `GET /api/v1/reports?from=&to=&by=`: the period's figures by one dimension, from the days
/// rolled up at each day's close (today, not over, is not in them).
public struct Report: Codable, Sendable, Equatable {
    public var hall: String
    public var from: String
    public var to: String
    /// service, window, staff, hour, weekday, day or category.
    public var by: String
    public var rows: [ReportRow]
    public var total: ReportRow
    /// Days of the period rolled up (days the hall was open).
    public var days: Int

    public init(hall: String, from: String, to: String, by: String, rows: [ReportRow], total: ReportRow, days: Int) {
        self.hall = hall
        self.from = from
        self.to = to
        self.by = by
        self.rows = rows
        self.total = total
        self.days = days
    }
}
