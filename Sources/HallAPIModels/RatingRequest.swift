import Foundation

/// `POST /api/v1/tickets/{number}/evaluation`: 1 (非常不满意) to 5 (非常满意), with reasons for a poor one;
/// `key` from the ticket's QR code when a citizen rates from a phone.
public struct RatingRequest: Codable, Sendable, Equatable {
    public var rating: Int
    public var reasons: [String]?
    public var key: String?

    public init(rating: Int, reasons: [String]? = nil, key: String? = nil) {
        self.rating = rating
        self.reasons = reasons
        self.key = key
    }
}
