import Foundation
import HallAPIModels
import Synchronization

/// The latest keys pressed on the hall's keypads and evaluation pads, for `hallctl diag keypad`.
public final class KeyLog: Sendable {
    private let presses = Mutex<(next: Int, list: [KeypadPress])>((1, []))

    public init() {}

    public func record(keypad: String, window: Int, code: UInt8, action: String) {
        presses.withLock { state in
            state.list.append(
                KeypadPress(sequence: state.next, keypad: keypad, window: window, code: Int(code), action: action, at: Date()))
            state.next += 1
            if state.list.count > 200 { state.list.removeFirst(state.list.count - 200) }
        }
    }

    /// The presses after `sequence`, oldest first.
    public func since(_ sequence: Int) -> [KeypadPress] { presses.withLock { $0.list.filter { $0.sequence > sequence } } }
}
