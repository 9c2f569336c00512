import HallDevices

#if canImport(Glibc)
import Glibc
#endif

/// Reads from a non-blocking descriptor, waiting in poll() for at most the timeout: empty when
/// nothing came, `gone` when the other end went away (hang-up, end of file, an unplugged device).
func polledRead(_ descriptor: Int32, maximum: Int, timeoutMilliseconds: Int, path: String) throws(TransportFailure) -> [UInt8] {
    func gone(_ reason: String) -> TransportFailure { TransportFailure("\(path) went away: \(reason)", gone: true) }
    var watched = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    let ready = poll(&watched, 1, Int32(timeoutMilliseconds))
    if ready < 0 && errno != EINTR { throw gone(String(cString: strerror(errno))) }
    guard ready > 0 else { return [] }
    if watched.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 && watched.revents & Int16(POLLIN) == 0 {
        throw gone("hang-up")
    }
    var buffer = [UInt8](repeating: 0, count: maximum)
    let count = Glibc.read(descriptor, &buffer, maximum)
    if count < 0 {
        if errno == EAGAIN || errno == EINTR { return [] }
        throw gone(String(cString: strerror(errno)))
    }
    // A readable descriptor that gives nothing has lost its other end.
    if count == 0 { throw gone("end of file") }
    return Array(buffer[..<count])
}
