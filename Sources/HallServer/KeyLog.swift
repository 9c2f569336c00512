import Foundation
import Synchronization

/// The latest keys pressed on the hall's keypads and evaluation pads, for `hallctl diag keypad`.
public final class KeyLog: Sendable {
    public struct Press: Sendable, Codable, Equatable {
        public var sequence: Int
        public var keypad: String
        public var window: Int
        public var code: Int
        /// What the key does: a window action, `rating N`, or `unknown`.
        public var action: String
        public var at: Date
    }

    private let presses = Mutex<(next: Int, list: [Press])>((1, []))

    public init() {}

    public func record(keypad: String, window: Int, code: UInt8, action: String) {
        presses.withLock { state in
            state.list.append(Press(sequence: state.next, keypad: keypad, window: window, code: Int(code), action: action, at: Date()))
            state.next += 1
            if state.list.count > 200 { state.list.removeFirst(state.list.count - 200) }
        }
    }

    /// The presses after `sequence`, oldest first.
    public func since(_ sequence: Int) -> [Press] { presses.withLock { $0.list.filter { $0.sequence > sequence } } }
}
