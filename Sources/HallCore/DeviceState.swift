/// The health of one of the hall's devices, as the technician sees it.
public enum DeviceState: String, Sendable, Codable, CaseIterable {
    /// Configured or known, but not connected.
    case absent
    case ready
    /// Working on a request (printing, reading a card).
    case busy
    /// Working, with trouble worth a look (paper near end, retries).
    case degraded
    /// Not usable until someone acts; the reason says what to do.
    case faulted
    /// Present, but no profile matches it: listed, never bound to a role.
    case unknown
}
