/// The type of one protocol parameter in a device profile.
public enum ParameterKind: Sendable, Equatable {
    case bytes
    case integer(ClosedRange<Int>)
    case choice([String])
    case flag
    case text
    /// A mapping of key codes (hex) to hall actions, for keypads.
    case keyMap([String])
}

/// A protocol parameter's value, after validation.
public enum ParameterValue: Sendable, Hashable {
    case bytes([UInt8])
    case integer(Int)
    case word(String)
    case flag(Bool)
    case keyMap([UInt8: String])
}
