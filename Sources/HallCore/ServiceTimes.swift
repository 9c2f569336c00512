import Foundation

/// The last few service times (call to finish) of one service, for estimating waits.
struct ServiceTimes: Sendable {
    static let capacity = 20
    private var samples: [TimeInterval] = []
    private var next = 0

    mutating func record(_ duration: TimeInterval) {
        guard duration >= 0 else { return }
        if samples.count < Self.capacity {
            samples.append(duration)
        } else {
            samples[next] = duration
            next = (next + 1) % Self.capacity
        }
    }

    var mean: TimeInterval? { samples.isEmpty ? nil : samples.reduce(0, +) / Double(samples.count) }
}
