import Crypto
import Foundation

/// Keeps a citizen's phone number unreadable at rest: AES-256-GCM under a key derived (HKDF)
/// from the hall secret, so that the journal's database, or a copy of it, holds only sealed
/// bytes, and a changed secret makes them unreadable rather than wrong.
public struct ContactSealer: Sendable {
    private let key: SymmetricKey

    public init(secret: [UInt8]) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), info: Data("hallqueue contact phone v1".utf8), outputByteCount: 32)
    }

    /// Nonce, ciphertext and tag together; a new random nonce each time.
    public func seal(_ phone: PhoneNumber) -> Data {
        // AES-GCM with a fresh random nonce cannot fail on a 32-byte key.
        (try? AES.GCM.seal(Data(phone.digits.utf8), using: key).combined) ?? Data()
    }

    /// The number sealed in `sealed`, or nil when it was sealed under another secret or damaged.
    public func open(_ sealed: Data) -> PhoneNumber? {
        guard let box = try? AES.GCM.SealedBox(combined: sealed), let plain = try? AES.GCM.open(box, using: key) else { return nil }
        return PhoneNumber(String(decoding: plain, as: UTF8.self))
    }
}
