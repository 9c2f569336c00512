import Crypto

/// A configured bearer token (the admin's, a kiosk's, a pad's): 32 random bytes, shown once when
/// made, and kept in `hall.yaml` only as its SHA-256 digest, written `sha256:<64 hex digits>`.
/// A fast hash is enough for 256 random bits, which nobody can guess to test against a copied
/// file; a PIN, which can be guessed, gets a memory-hard hash instead (`PINHash`).
public enum BearerToken {
    public static let digestPrefix = "sha256:"

    /// A new token: `hq.` and 64 hex digits.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return "hq." + Hex.string((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// How a token is kept: `sha256:` and the hex digest of its UTF-8 bytes.
    public static func digest(_ token: String) -> String {
        digestPrefix + Hex.string(SHA256.hash(data: Array(token.utf8)))
    }

    /// Whether configured text is a kept digest rather than a token written out.
    public static func isDigest(_ text: String) -> Bool {
        text.hasPrefix(digestPrefix) && text.count == digestPrefix.count + 64
            && text.dropFirst(digestPrefix.count).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
