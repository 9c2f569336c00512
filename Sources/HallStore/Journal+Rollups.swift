import Foundation
import HallCore

extension Journal {
    /// A past day's figures, computed from its journal (and the bookings made for it).
    public func figures(day: String, definition: HallDefinition) throws -> DayFigures {
        let events = try events(day: day)
        let bookings = try events.first.map { try self.bookings(around: $0.event.at) } ?? []
        return DayFigures.compute(day: day, events: events, bookings: bookings, definition: definition)
    }

    /// Rolls up each day the journal holds after the last one rolled up, up to but not
    /// including `today` (which is not over); the days rolled up, in order.
    @discardableResult
    public func rollUpPastDays(today: String?, definition: HallDefinition, at instant: Date = Date()) throws -> [String] {
        let days = try days(after: try rollups.lastDay()).filter { $0 != today && (today == nil || $0 < today!) }
        for day in days { try rollups.store(try figures(day: day, definition: definition), at: instant) }
        return days
    }
}
