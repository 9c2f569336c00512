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
    /// An appointment checks in from this long before its slot starts ...
    public var checkInEarly: TimeInterval
    /// ... until this long after it ends.
    public var checkInLate: TimeInterval
    /// An ID card read at a kiosk goes with a ticket taken there within this time.
    public var kioskSession: TimeInterval
    /// A staff member's session at a window ends after this long without an action.
    public var idleSignOut: TimeInterval = 30 * 60
    /// Why a window may pause; 其他 (other) needs a note.
    public var pauseReasons = ["就餐", "会议", "培训", "外出", "后台办件", "其他"]
    /// A pause longer than this shows on the admin view.
    public var pauseAlert: TimeInterval = 30 * 60
    /// From this age an ID card's holder takes a green-channel ticket at the kiosk; nil: off.
    public var elderlyPriorityAge: Int?
    /// A citizen's phone says "almost your turn" with this many people ahead.
    public var notifyAhead = 3

    public init(
        starvationCap: TimeInterval = 30 * 60, recallsBeforeNoShow: Int = 2, maxRequeues: Int = 1,
        requeuePenalty: TimeInterval = 10 * 60, dayStartMinute: Int = 0,
        timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!,
        checkInEarly: TimeInterval = 30 * 60, checkInLate: TimeInterval = 15 * 60, kioskSession: TimeInterval = 120
    ) {
        self.starvationCap = starvationCap
        self.recallsBeforeNoShow = recallsBeforeNoShow
        self.maxRequeues = maxRequeues
        self.requeuePenalty = requeuePenalty
        self.dayStartMinute = dayStartMinute
        self.timeZone = timeZone
        self.checkInEarly = checkInEarly
        self.checkInLate = checkInLate
        self.kioskSession = kioskSession
    }
}
