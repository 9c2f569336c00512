import HallCore

/// A hall event with its place in the journal. Sequences only grow; the event stream
/// carries them so that a client can tell it missed something.
public struct JournaledEvent: Sendable, Equatable {
    public var sequence: Int64
    public var event: HallEvent

    public init(sequence: Int64, event: HallEvent) {
        self.sequence = sequence
        self.event = event
    }
}
