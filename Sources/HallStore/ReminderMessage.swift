import HallCore

/// The body of a text reminder in the outbox: which ticket, what to say. Nothing personal: the
/// phone number is kept apart, sealed.
public struct ReminderMessage: Codable, Sendable, Equatable {
    public var number: String
    /// `ahead` or `called` (`Reminder.kind`).
    public var kind: String
    public var window: Int?
    public var ahead: Int?

    public init(number: TicketNumber, reminder: Reminder) {
        self.number = number.description
        kind = reminder.kind
        switch reminder {
        case .almostTurn(let ahead): self.ahead = ahead
        case .called(let window): self.window = window
        }
    }
}
