import Foundation

/// A key pressed on a keypad or evaluation pad, for `hallctl diag keypad`.
public struct KeypadPress: Codable, Sendable, Equatable {
    public var sequence: Int
    public var keypad: String
    public var window: Int
    public var code: Int
    /// What the key does: a window action, `rating N`, or `unknown`.
    public var action: String
    public var at: Date

    public init(sequence: Int, keypad: String, window: Int, code: Int, action: String, at: Date) {
        self.sequence = sequence
        self.keypad = keypad
        self.window = window
        self.code = code
        self.action = action
        self.at = at
    }
}
