import Crypto
import CryptoExtras
import Foundation

/// A staff member's PIN or password as the hall keeps it: scrypt (memory-hard, from
/// swift-crypto) with a random salt, written `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` in hex.
/// The PIN itself is never stored, logged or sent back.
public struct PINHash: Sendable, Equatable, CustomStringConvertible {
    public let text: String

    /// 2^14 rounds of 8 blocks: 16 MiB and some tens of milliseconds per check, so that a
    /// stolen table costs an attacker that much per guess, and a sign-in stays well under 150 ms.
    public static let logRounds = 14
    static let blockSize = 8
    static let parallelism = 1

    public init(stored text: String) { self.text = text }

    /// A new hash of `pin` with a fresh salt.
    public init(pin: String) throws {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let hash = try Self.derive(pin, salt: salt, logRounds: Self.logRounds, blockSize: Self.blockSize, parallelism: Self.parallelism)
        text = "scrypt$\(Self.logRounds)$\(Self.blockSize)$\(Self.parallelism)$\(Hex.string(salt))$\(Hex.string(hash))"
    }

    /// Whether `pin` is the one hashed, compared in constant time.
    public func matches(_ pin: String) -> Bool {
        let parts = text.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let logRounds = Int(parts[1]), let blockSize = Int(parts[2]),
            let parallelism = Int(parts[3]), (10...20).contains(logRounds), let salt = Hex.bytes(parts[4]),
            let expected = Hex.bytes(parts[5]),
            let hash = try? Self.derive(pin, salt: salt, logRounds: logRounds, blockSize: blockSize, parallelism: parallelism)
        else { return false }
        return hash.count == expected.count && zip(hash, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Never the hash: descriptions end up in logs.
    public var description: String { "PINHash(scrypt)" }

    private static func derive(_ pin: String, salt: [UInt8], logRounds: Int, blockSize: Int, parallelism: Int) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(pin.utf8), salt: salt, outputByteCount: 32, rounds: 1 << logRounds, blockSize: blockSize, parallelism: parallelism)
        return key.withUnsafeBytes { Array($0) }
    }
}
