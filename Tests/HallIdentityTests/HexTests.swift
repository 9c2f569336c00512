import HallIdentity
import Testing

@Suite("Hexadecimal text")
struct HexTests {
    @Test("bytes become two lower-case digits each and come back the same; odd or foreign text is refused")
    func roundTrip() {
        let bytes: [UInt8] = [0x00, 0x0f, 0x10, 0xa5, 0xff] + (0...255).map(UInt8.init)
        #expect(Hex.string([0x00, 0x0f, 0x10, 0xa5, 0xff]) == "000f10a5ff")
        #expect(Hex.bytes(Hex.string(bytes)) == bytes)
        #expect(Hex.string([]) == "")
        #expect(Hex.bytes("abc") == nil && Hex.bytes("zz") == nil)
    }
}
