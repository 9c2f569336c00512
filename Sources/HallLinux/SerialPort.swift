import Foundation
import HallDevices

#if canImport(Glibc)
import Glibc
#endif

/// A serial port through termios: raw mode, the profile's line settings, exclusive open.
/// Reads wait in poll() for at most the read timeout; writes drain to the wire.
public final class SerialPort: ByteTransport {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case cannotOpen(path: String, reason: String)
        case settings(path: String, reason: String)

        public var description: String {
            switch self {
            case .cannotOpen(let path, let reason): "cannot open \(path): \(reason)"
            case .settings(let path, let reason): "cannot apply the line settings to \(path): \(reason)"
            }
        }
    }

    public let path: String
    public let settings: SerialSettings
    private var descriptor: Int32

    /// Opens the port and applies the settings.
    public init(path: String, settings: SerialSettings) throws(Failure) {
        self.path = path
        self.settings = settings
        descriptor = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, reason: Self.lastError()) }
        // Another opener of the same port would interleave frames: refuse to share it. TIOCEXCL
        // stops other processes (except root); the lock stops a second opener in any process.
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw .cannotOpen(path: path, reason: "in use by another opener")
        }
        _ = ioctl(descriptor, UInt(TIOCEXCL))
        do {
            try apply()
        } catch {
            close(descriptor)
            throw error
        }
    }

    deinit { close(descriptor) }

    private func apply() throws(Failure) {
        var options = termios()
        guard tcgetattr(descriptor, &options) == 0 else { throw .settings(path: path, reason: Self.lastError()) }
        cfmakeraw(&options)
        guard let speed = Self.speeds[settings.baud] else { throw .settings(path: path, reason: "baud \(settings.baud) unsupported") }
        cfsetispeed(&options, speed)
        cfsetospeed(&options, speed)
        options.c_cflag &= ~(tcflag_t(CSIZE) | tcflag_t(PARENB) | tcflag_t(PARODD) | tcflag_t(CSTOPB) | tcflag_t(CRTSCTS))
        options.c_cflag |= tcflag_t(CLOCAL) | tcflag_t(CREAD)
        options.c_cflag |= [5: tcflag_t(CS5), 6: tcflag_t(CS6), 7: tcflag_t(CS7), 8: tcflag_t(CS8)][settings.dataBits] ?? tcflag_t(CS8)
        switch settings.parity {
        case .none: break
        case .even: options.c_cflag |= tcflag_t(PARENB)
        case .odd: options.c_cflag |= tcflag_t(PARENB) | tcflag_t(PARODD)
        }
        if settings.stopBits == 2 { options.c_cflag |= tcflag_t(CSTOPB) }
        options.c_iflag &= ~(tcflag_t(IXON) | tcflag_t(IXOFF) | tcflag_t(IXANY))
        switch settings.flowControl {
        case .none: break
        case .rtscts: options.c_cflag |= tcflag_t(CRTSCTS)
        case .xonxoff: options.c_iflag |= tcflag_t(IXON) | tcflag_t(IXOFF)
        }
        // Reads are timed by poll(), not by the driver.
        withUnsafeMutableBytes(of: &options.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(descriptor, TCSANOW, &options) == 0 else { throw .settings(path: path, reason: Self.lastError()) }
        tcflush(descriptor, TCIOFLUSH)
    }

    /// The settings the port has now, read back from the driver.
    public func currentSettings() throws(Failure) -> SerialSettings {
        var options = termios()
        guard tcgetattr(descriptor, &options) == 0 else { throw .settings(path: path, reason: Self.lastError()) }
        let speed = cfgetospeed(&options)
        let baud = Self.speeds.first { $0.value == speed }?.key ?? 0
        let size = options.c_cflag & tcflag_t(CSIZE)
        let dataBits = [tcflag_t(CS5): 5, tcflag_t(CS6): 6, tcflag_t(CS7): 7, tcflag_t(CS8): 8][size] ?? 8
        let parity: SerialSettings.Parity =
            options.c_cflag & tcflag_t(PARENB) == 0 ? .none : (options.c_cflag & tcflag_t(PARODD) != 0 ? .odd : .even)
        let flow: SerialSettings.FlowControl =
            options.c_cflag & tcflag_t(CRTSCTS) != 0 ? .rtscts : (options.c_iflag & tcflag_t(IXON) != 0 ? .xonxoff : .none)
        return SerialSettings(
            baud: baud, dataBits: dataBits, parity: parity, stopBits: options.c_cflag & tcflag_t(CSTOPB) != 0 ? 2 : 1,
            flowControl: flow, readTimeoutMilliseconds: settings.readTimeoutMilliseconds)
    }

    /// Up to `maximum` bytes; empty when nothing came within the timeout (the port's read
    /// timeout when nil).
    public func read(maximum: Int = 4096, timeoutMilliseconds: Int? = nil) throws(TransportFailure) -> [UInt8] {
        try polledRead(
            descriptor, maximum: maximum, timeoutMilliseconds: timeoutMilliseconds ?? settings.readTimeoutMilliseconds, path: path)
    }

    private func gone(_ reason: String) -> TransportFailure { TransportFailure("\(path) went away: \(reason)", gone: true) }

    /// Writes all bytes and waits until they have left the port.
    public func write(_ bytes: [UInt8]) throws(TransportFailure) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR {
                    var watched = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&watched, 1, 100)
                    continue
                }
                throw gone(Self.lastError())
            }
            sent += count
        }
        tcdrain(descriptor)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }

    private static let speeds: [Int: speed_t] = [
        1200: speed_t(B1200), 2400: speed_t(B2400), 4800: speed_t(B4800), 9600: speed_t(B9600), 19200: speed_t(B19200),
        38400: speed_t(B38400), 57600: speed_t(B57600), 115_200: speed_t(B115200), 230_400: speed_t(B230400),
        460_800: speed_t(B460800), 921_600: speed_t(B921600),
    ]
}
