import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal standing in for a serial cable: the code under test opens `path` (a
/// symlink, like /dev/serial/by-id links) as its port; the test plays the device on `controller`.
public final class PTYPair {
    /// The symlink the code under test opens.
    public let path: String
    public private(set) var controller: Int32 = -1
    public private(set) var devicePath = ""

    public init(link path: String) throws {
        self.path = path
        try plugIn()
    }

    deinit { unplug() }

    /// A new PTY behind the link, as when a USB adapter is plugged in again.
    public func plugIn() throws {
        var controller: Int32 = -1
        var device: Int32 = -1
        var name = [CChar](repeating: 0, count: 256)
        guard openpty(&controller, &device, &name, nil, nil) == 0 else { throw HarnessError("openpty failed") }
        devicePath = String(cString: name)
        // Keep the device side closed: the code under test opens it through the link.
        close(device)
        self.controller = controller
        unlink(path)
        guard symlink(devicePath, path) == 0 else { throw HarnessError("cannot link \(path)") }
    }

    /// The adapter is pulled out: the link and the PTY go away.
    public func unplug() {
        unlink(path)
        if controller >= 0 { close(controller) }
        controller = -1
    }

    /// Writes as the device would, one call per slice.
    public func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { write(controller, $0.baseAddress, $0.count) }
    }

    /// Reads what the code under test sent, waiting up to `timeout` for `count` bytes.
    public func receive(_ count: Int, timeout: TimeInterval = 2) -> [UInt8] {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while received.count < count && Date() < deadline {
            var watched = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
            guard poll(&watched, 1, 50) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: count - received.count)
            let got = read(controller, &buffer, buffer.count)
            if got > 0 { received += buffer[..<got] }
        }
        return received
    }
}
