/// Durations counted by the minute, so that days add up and a period's percentiles come from
/// its days' counts: `counts[m]` is how many lasted at least m and under m + 1 minutes (the
/// last bucket holds everything longer). Exact sums keep the means exact.
public struct Histogram: Sendable, Equatable, Codable {
    /// Four hours by the minute; longer waits are rare and all count as "4 hours or more".
    public static let buckets = 241
    public private(set) var counts: [Int]
    public private(set) var count = 0
    public private(set) var totalSeconds: Double = 0

    public init() { counts = [] }

    public mutating func add(seconds: Double) {
        let seconds = max(0, seconds)
        let bucket = min(Int(seconds / 60), Self.buckets - 1)
        if counts.count <= bucket { counts += Array(repeating: 0, count: bucket + 1 - counts.count) }
        counts[bucket] += 1
        count += 1
        totalSeconds += seconds
    }

    public static func + (a: Histogram, b: Histogram) -> Histogram {
        var sum = a.counts.count >= b.counts.count ? a : b
        for (bucket, value) in (a.counts.count >= b.counts.count ? b : a).counts.enumerated() { sum.counts[bucket] += value }
        sum.count = a.count + b.count
        sum.totalSeconds = a.totalSeconds + b.totalSeconds
        return sum
    }

    /// Mean in minutes; nil with nothing counted.
    public var meanMinutes: Double? { count == 0 ? nil : totalSeconds / Double(count) / 60 }

    /// The minute by which `share` of the durations had ended (the upper edge of the bucket the
    /// share falls in); nil with nothing counted.
    public func percentileMinutes(_ share: Double) -> Double? {
        guard count > 0 else { return nil }
        let rank = Int((share * Double(count)).rounded(.up))
        var seen = 0
        for (bucket, value) in counts.enumerated() {
            seen += value
            if seen >= max(rank, 1) { return Double(bucket + 1) }
        }
        return Double(counts.count)
    }
}
