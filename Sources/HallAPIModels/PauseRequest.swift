import Foundation

/// `POST /api/v1/windows/{w}/pause`: why, from the hall's list (`policy.pause_reasons`: 就餐, 会议,
/// 培训, 外出, 后台办件, 其他); 其他 needs a note. A body-less pause (a keypad's key) gives no reason.
public struct PauseRequest: Codable, Sendable, Equatable {
    public var reason: String?
    public var note: String?

    public init(reason: String? = nil, note: String? = nil) {
        self.reason = reason
        self.note = note
    }
}
