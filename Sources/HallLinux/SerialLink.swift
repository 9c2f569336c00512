import Foundation
import HallDevices

#if canImport(Glibc)
import Glibc
#endif

/// A serial port that comes back: when the port disappears (an adapter unplugged, a cable
/// pulled from a USB hub), the link reopens it with growing pauses, from 100 ms up to 5 s,
/// until it is there again. One link per device, used from one task or thread.
public final class SerialLink {
    public let path: String
    public let settings: SerialSettings
    private var port: SerialPort?
    private var nextAttempt = Date.distantPast
    private var backoff: TimeInterval = 0.1
    public static let maximumBackoff: TimeInterval = 5
    /// Why the port is closed, when it is.
    public private(set) var lastFailure: SerialPort.Failure?
    public private(set) var reopenCount = 0

    public init(path: String, settings: SerialSettings) {
        self.path = path
        self.settings = settings
    }

    public var isOpen: Bool { port != nil }

    /// Opens the port if it is closed and its backoff has passed; true when it is open.
    @discardableResult
    public func ensureOpen(now: Date = Date()) -> Bool {
        if port != nil { return true }
        guard now >= nextAttempt else { return false }
        do {
            port = try SerialPort(path: path, settings: settings)
            if lastFailure != nil { reopenCount += 1 }
            lastFailure = nil
            backoff = 0.1
            return true
        } catch {
            lastFailure = error
            nextAttempt = now.addingTimeInterval(backoff)
            backoff = min(backoff * 2, Self.maximumBackoff)
            return false
        }
    }

    /// Reads through the port; a vanished port is closed and reported, to be reopened later.
    public func read(maximum: Int = 4096, timeoutMilliseconds: Int? = nil) throws(SerialPort.Failure) -> [UInt8] {
        guard ensureOpen(), let port else { throw lastFailure ?? .gone(path: path, reason: "closed") }
        do {
            return try port.read(maximum: maximum, timeoutMilliseconds: timeoutMilliseconds)
        } catch {
            drop(error)
            throw error
        }
    }

    public func write(_ bytes: [UInt8]) throws(SerialPort.Failure) {
        guard ensureOpen(), let port else { throw lastFailure ?? .gone(path: path, reason: "closed") }
        do {
            try port.write(bytes)
        } catch {
            drop(error)
            throw error
        }
    }

    private func drop(_ failure: SerialPort.Failure) {
        port = nil
        lastFailure = failure
        nextAttempt = Date().addingTimeInterval(backoff)
    }
}
