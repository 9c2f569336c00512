import Foundation
import HallCore
import HallIdentity
import HallProtocols
import Testing

@Suite("The elderly flag, from the birth date on the reader's thread")
struct ElderlyTests {
    static let china = TimeZone(identifier: "Asia/Shanghai")!
    /// 2026-12-03 at noon, China time.
    static let today = Date(timeIntervalSince1970: 1_796_270_400)

    func holder(born: String, age: Int?) throws -> Holder {
        let digits = "110105" + born + "002"
        let card = IDCardText(
            name: "张三", sex: .male, nationCode: 1, birthDate: born, address: "北京", number: digits + String(IDNumber.checkCharacter(digits)),
            authority: "北京", validFrom: "20150101", validTo: nil)
        return try HolderKeyer(secret: Array(0..<32), timeZone: Self.china) { age }.holder(for: card, at: Self.today)
    }

    @Test("65 or older on the day of the read is elderly, to the day; younger is not; with no age set nobody is")
    func flag() throws {
        #expect(try holder(born: "19500101", age: 65).elderly)
        #expect(try holder(born: "19611203", age: 65).elderly)
        #expect(try !holder(born: "19611204", age: 65).elderly)
        #expect(try !holder(born: "20000101", age: 65).elderly)
        #expect(try !holder(born: "19300101", age: nil).elderly)
    }
}
