import Foundation
import HallCore
import HallTesting
import Testing

@Suite("A day's figures from its journal")
struct DayFiguresTests {
    @Test(
        "for random days: the figures match the hall that lived the day, every dimension adds up to the hall, and days add up",
        arguments: 0..<40)
    func randomDay(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let definition = Fixtures.definition(policy: HallPropertyTests.policy, quota: 400)
        var hall = Hall(definition: definition)
        var events: [(event: HallEvent, staff: String?)] = []
        var now = Fixtures.monday(8)
        var pausedSince: [Int: Date] = [:]
        var pausedSeconds: Double = 0
        for _ in 0..<400 {
            now += Double.random(in: 0...90, using: &random)
            let command = HallPropertyTests().randomCommand(hall, &random)
            let outcome = hall.handle(command, at: now)
            for event in outcome.events {
                events.append((event, nil))
                if case .windowPaused(let window, _, let at) = event { pausedSince[window] = at }
                if case .windowResumed(let window, let at) = event, let since = pausedSince.removeValue(forKey: window) {
                    pausedSeconds += at.timeIntervalSince(since)
                }
            }
        }
        if let last = events.last?.event.at { pausedSeconds += pausedSince.values.reduce(0) { $0 + last.timeIntervalSince($1) } }
        let day = try #require(hall.day)
        let figures = DayFigures.compute(day: day, events: events, bookings: [], definition: definition)
        #expect(DayFigures.compute(day: day, events: events, bookings: [], definition: definition) == figures)
        let total = try #require(figures.rows[DayFigures.Key(.hall, "")])

        let tickets = Array(hall.tickets.values)
        #expect(total.issued == tickets.count)
        #expect(total.served == tickets.count { $0.state == .finished })
        #expect(total.noShows == tickets.count { $0.state == .noShow })
        #expect(total.cancelled == tickets.count { $0.state == .cancelled })
        #expect(total.recalls == tickets.reduce(0) { $0 + $1.recalls })
        #expect(total.waits.count == tickets.count { $0.waited != nil })
        #expect(abs(total.waits.totalSeconds - tickets.compactMap(\.waited).reduce(0, +)) < 0.001)
        #expect(abs(total.pauseSeconds.values.reduce(0, +) - pausedSeconds) < 0.001, "seed \(seed)")

        // Every ticket has one service, category and hour: those rows add up to the hall's.
        for dimension in [DayFigures.Dimension.service, .category, .hour] {
            let sum = figures.rows.filter { $0.key.dimension == dimension }.values.reduce(Figures()) { $0 + $1 }
            #expect(sum.issued == total.issued && sum.served == total.served && sum.waits == total.waits, "\(dimension)")
        }
        for service in definition.services {
            let row = figures.rows[DayFigures.Key(.service, service.id)] ?? Figures()
            #expect(row.issued == tickets.count { $0.service == service.id })
        }
        // Two days add up to their sum, percentiles from the merged counts.
        let twice = total + total
        #expect(twice.issued == 2 * total.issued && twice.waits.count == 2 * total.waits.count)
        #expect(twice.waits.percentileMinutes(0.9) == total.waits.percentileMinutes(0.9))
    }

    @Test("the histogram's percentiles are by the minute, its mean exact")
    func histogram() {
        var waits = Histogram()
        for minutes in [1.5, 2.0, 2.5, 3.0, 10.0, 11.0, 12.0, 13.0, 14.0, 300.0] { waits.add(seconds: minutes * 60) }
        #expect(waits.count == 10 && waits.meanMinutes == 36.9)
        #expect(waits.percentileMinutes(0.5) == 11)  // the 5th wait, 10 minutes, ended by minute 11
        #expect(waits.percentileMinutes(0.9) == 15)
        #expect(waits.percentileMinutes(1.0) == Double(Histogram.buckets))
        #expect(Histogram().percentileMinutes(0.9) == nil && Histogram().meanMinutes == nil)
    }
}
