import Foundation
import HallCore

/// A ticket as the API shows it.
public struct TicketView: Codable, Sendable, Equatable {
    public var number: String
    public var service: String
    public var serviceName: String
    public var serviceNameEn: String
    public var priority: PriorityClass
    public var channel: IssueChannel
    public var state: TicketState
    public var issuedAt: Date
    public var window: Int?
    public var calledAt: Date?
    public var recalls: Int
    /// People in the same queue before this ticket; nil once it has left the queue.
    public var ahead: Int?
    public var estimatedWaitMinutes: Int?
    public var servingAt: Date?
    public var endedAt: Date?
    public var evaluation: Evaluation?
    /// The 工号 of who called and served it, when someone signed in did.
    public var servedBy: String?
    /// What the visit handled and how each matter ended, when the window said so.
    public var matters: [Matter]?
    /// While held (挂起): until when, and why.
    public var heldUntil: Date?
    public var holdReason: String?

    public init(
        number: String, service: String, serviceName: String, serviceNameEn: String, priority: PriorityClass, channel: IssueChannel,
        state: TicketState, issuedAt: Date, window: Int? = nil, calledAt: Date? = nil, recalls: Int, ahead: Int? = nil,
        estimatedWaitMinutes: Int? = nil, servingAt: Date? = nil, endedAt: Date? = nil, evaluation: Evaluation? = nil,
        servedBy: String? = nil, matters: [Matter]? = nil, heldUntil: Date? = nil, holdReason: String? = nil
    ) {
        self.number = number
        self.service = service
        self.serviceName = serviceName
        self.serviceNameEn = serviceNameEn
        self.priority = priority
        self.channel = channel
        self.state = state
        self.issuedAt = issuedAt
        self.window = window
        self.calledAt = calledAt
        self.recalls = recalls
        self.ahead = ahead
        self.estimatedWaitMinutes = estimatedWaitMinutes
        self.servingAt = servingAt
        self.endedAt = endedAt
        self.evaluation = evaluation
        self.servedBy = servedBy
        self.matters = matters
        self.heldUntil = heldUntil
        self.holdReason = holdReason
    }
}
