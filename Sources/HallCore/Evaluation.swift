import Foundation

/// A citizen's rating of the service at a window (好差评), five levels from 非常满意 (5) to
/// 非常不满意 (1). A poor rating (不满意 or worse) may carry reasons and is followed up.
public struct Evaluation: Sendable, Equatable, Codable {
    public var rating: Int
    public var reasons: [String]
    public var window: Int
    public var at: Date

    public init(rating: Int, reasons: [String], window: Int, at: Date) {
        self.rating = rating
        self.reasons = reasons
        self.window = window
        self.at = at
    }

    /// A poor rating: the hall must follow it up.
    public var needsFollowUp: Bool { rating <= 2 }

    public static let levels: [Int: (zh: String, en: String)] = [
        5: ("非常满意", "very satisfied"), 4: ("满意", "satisfied"), 3: ("基本满意", "fairly satisfied"),
        2: ("不满意", "dissatisfied"), 1: ("非常不满意", "very dissatisfied"),
    ]

    /// How long after its end a ticket may still be rated.
    public static let openFor: TimeInterval = 4 * 3600
    public static let maximumReasons = 5
    public static let maximumReasonLength = 200
}
