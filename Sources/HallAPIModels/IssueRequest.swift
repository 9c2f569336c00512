import Foundation
import HallCore

/// `POST /api/v1/tickets`.
public struct IssueRequest: Codable, Sendable, Equatable {
    public var service: String
    public var channel: IssueChannel?
    public var priority: PriorityClass?
    /// The kiosk it is taken at: the ID card just read there goes with it.
    public var kiosk: String?
    /// A mobile number for text reminders (almost your turn, called), when the hall has an SMS
    /// gateway: kept sealed while the ticket lives, never shown back.
    public var phone: String?

    public init(service: String, channel: IssueChannel? = nil, priority: PriorityClass? = nil, kiosk: String? = nil, phone: String? = nil) {
        self.service = service
        self.phone = phone
        self.channel = channel
        self.priority = priority
        self.kiosk = kiosk
    }
}
