import HallCore

/// A hall event with its place in the journal. Sequences only grow; the event stream
/// carries them so that a client can tell it missed something.
public struct JournaledEvent: Sendable, Equatable {
    public var sequence: Int64
    public var event: HallEvent
    /// The 工号 of who did it, when a signed-in person did (for a rating: who served the ticket).
    public var staff: String?

    public init(sequence: Int64, event: HallEvent, staff: String? = nil) {
        self.sequence = sequence
        self.event = event
        self.staff = staff
    }
}
