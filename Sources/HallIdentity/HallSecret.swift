import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The per-hall secret that keys ID number hashes: 32 random bytes, kept as 64 hex digits in a
/// file only the daemon's user may read. Made at first start; to match the booking
/// platform's hashes, install the platform's secret in its place.
public enum HallSecret {
    public enum Failure: Error, CustomStringConvertible {
        case unreadable(path: String, reason: String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): "hall secret \(path): \(reason)"
            }
        }
    }

    public static func loadOrCreate(path: String) throws(Failure) -> [UInt8] {
        if FileManager.default.fileExists(atPath: path) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw .unreadable(path: path, reason: "cannot be read")
            }
            guard let bytes = Hex.bytes(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count >= 16 else {
                throw .unreadable(path: path, reason: "must hold at least 16 bytes as hexadecimal digits")
            }
            return bytes
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Hex.string(bytes) + "\n"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: "cannot be created: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let written = text.withCString { write(descriptor, $0, strlen($0)) }
        guard written == text.utf8.count, fsync(descriptor) == 0 else { throw .unreadable(path: path, reason: "cannot be written") }
        return bytes
    }
}
