import HallProtocols
import Testing

@Suite("ID card text and numbers")
struct IDCardTextTests {
    @Test("the text block keeps every field at its place, UCS-2 little-endian")
    func layout() throws {
        let block = Cards.zhang.block
        #expect(block.count == 256)
        // 张小三 is U+5F20 U+5C0F U+4E09, little-endian; the name is padded with spaces (20 00).
        #expect(Array(block[0..<6]) == [0x20, 0x5F, 0x0F, 0x5C, 0x09, 0x4E])
        #expect(Array(block[6..<8]) == [0x20, 0x00])
        #expect(Array(block[30..<32]) == [0x31, 0x00])
        #expect(Array(block[32..<36]) == [0x30, 0x00, 0x31, 0x00])
        // 长期 at 204: U+957F U+671F.
        #expect(Array(block[204..<208]) == [0x7F, 0x95, 0x1F, 0x67])
        #expect(try IDCardText(block: block) == Cards.zhang)
        var dated = Cards.zhang
        dated.validTo = "20350101"
        #expect(try IDCardText(block: dated.block).validTo == "20350101")
    }

    @Test("a broken block says which field is wrong")
    func brokenFields() {
        var block = Cards.zhang.block
        block[30] = 0x37  // sex code 7
        #expect(throws: IDCardText.Invalid.field("sex", "unknown code")) { try IDCardText(block: block) }
        block = Cards.zhang.block
        block[32] = 0x39  // nation 91
        #expect(throws: IDCardText.Invalid.field("nation", "unknown code")) { try IDCardText(block: block) }
        #expect(throws: IDCardText.Invalid.length(255)) { try IDCardText(block: Array(block.prefix(255))) }
        #expect(throws: IDCardRead.Invalid.self) { try IDCardRead(data: [0x01, 0x00, 0x04, 0x00] + Cards.zhang.block) }
    }

    @Test("nation and sex tables")
    func tables() {
        #expect(Nation.name(1) == "汉")
        #expect(Nation.name(8) == "壮")
        #expect(Nation.name(56) == "基诺")
        #expect(Nation.name(97) == "其他")
        #expect(Nation.name(57) == nil)
        #expect(Sex(rawValue: 2)?.nameZh == "女")
    }
}
