import HallDevices

#if canImport(Glibc)
import Glibc
#endif

/// An input device node (`/dev/input/eventN`) read as raw `struct input_event` records. Grabbed
/// with EVIOCGRAB, so that a keyboard-wedge scanner's keys reach only us, never a console or
/// another program.
public final class EvdevDevice: ByteTransport {
    public let path: String
    private let descriptor: Int32
    /// `_IOW('E', 0x90, int)`: Glibc does not import the macro.
    static let grabRequest: UInt = 0x4004_4590

    public init(path: String, grab: Bool) throws(TransportFailure) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw TransportFailure("cannot open \(path): \(String(cString: strerror(errno)))", gone: true) }
        if grab && ioctl(descriptor, Self.grabRequest, 1) != 0 {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw TransportFailure("cannot grab \(path) (another program holds it?): \(reason)", gone: false)
        }
    }

    deinit { close(descriptor) }

    public func read(maximum: Int, timeoutMilliseconds: Int?) throws(TransportFailure) -> [UInt8] {
        try polledRead(descriptor, maximum: maximum, timeoutMilliseconds: timeoutMilliseconds ?? 1000, path: path)
    }

    public func write(_ bytes: [UInt8]) throws(TransportFailure) {
        throw TransportFailure("\(path) is an input device: nothing can be written to it", gone: false)
    }
}
