import Foundation

/// `POST /api/v1/announcements`: a notice the voice reads (`closing`, ...).
public struct AnnouncementRequest: Codable, Sendable, Equatable {
    public var kind: String

    public init(kind: String) {
        self.kind = kind
    }
}
