import HallIdentity
import Testing

@Suite("PIN hashes")
struct PINHashTests {
    @Test("the right PIN matches, a wrong one does not; the hash holds neither the PIN nor a shared salt")
    func matches() throws {
        let hash = try PINHash(pin: "246810")
        #expect(hash.matches("246810"))
        #expect(!hash.matches("246811"))
        #expect(!hash.matches(""))
        #expect(hash.text.hasPrefix("scrypt$14$8$1$"))
        #expect(!hash.text.contains("246810"))
        #expect(try PINHash(pin: "246810").text != hash.text)
        #expect("\(hash)" == "PINHash(scrypt)")
        #expect(PINHash(stored: hash.text).matches("246810"))
    }

    @Test("a damaged or foreign hash matches nothing")
    func damaged() throws {
        let hash = try PINHash(pin: "1234")
        for broken in ["", "bcrypt$x", hash.text.replacingOccurrences(of: "scrypt$14", with: "scrypt$40"), String(hash.text.dropLast(2))] {
            #expect(!PINHash(stored: broken).matches("1234"))
        }
    }
}
