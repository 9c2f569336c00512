import Foundation

/// The hall's calling rules.
public struct QueuePolicy: Sendable, Equatable, Codable {
    /// A ticket waiting longer than this is called before newer tickets of any priority class,
    /// so that a stream of green-channel and appointment tickets cannot starve normal ones.
    public var starvationCap: TimeInterval
    /// How often a called ticket must be recalled before the window may mark it no-show (过号),
    /// the hall's "called three times" rule.
    public var recallsBeforeNoShow: Int
    /// Whether a no-show ticket may be put back in the queue (过号重排), and how often.
    public var maxRequeues: Int
    /// A re-queued ticket ranks as if it had been issued this much later than it was.
    public var requeuePenalty: TimeInterval
    /// The hall day starts at this many minutes after local midnight; numbering restarts then.
    public var dayStartMinute: Int
    public var timeZone: TimeZone

    public init(
        starvationCap: TimeInterval = 30 * 60, recallsBeforeNoShow: Int = 2, maxRequeues: Int = 1,
        requeuePenalty: TimeInterval = 10 * 60, dayStartMinute: Int = 0,
        timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
    ) {
        self.starvationCap = starvationCap
        self.recallsBeforeNoShow = recallsBeforeNoShow
        self.maxRequeues = maxRequeues
        self.requeuePenalty = requeuePenalty
        self.dayStartMinute = dayStartMinute
        self.timeZone = timeZone
    }
}
