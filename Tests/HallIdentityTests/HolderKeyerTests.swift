import Foundation
import HallCore
import HallIdentity
import HallProtocols
import Testing

@Suite("Masking and keyed hashes of ID cards")
struct HolderKeyerTests {
    static let card = IDCardText(
        name: "张小三", sex: .male, nationCode: 1, birthDate: "19491231", address: "北京市东城区景山前街4号",
        number: "11010519491231002X", authority: "北京市公安局东城分局", validFrom: "20150101", validTo: nil)

    static let china = TimeZone(identifier: "Asia/Shanghai")!
    /// 2026-11-29 12:00 in China.
    static let november29 = Date(timeIntervalSince1970: 1_795_924_800)

    @Test("masked names keep the first and last characters")
    func maskedNames() {
        #expect(HolderKeyer.masked(name: "张小三") == "张*三")
        #expect(HolderKeyer.masked(name: "李四") == "李*")
        #expect(HolderKeyer.masked(name: "欧阳娜娜") == "欧**娜")
        #expect(HolderKeyer.masked(name: "王") == "王")
    }

    @Test("the holder keeps the masked name and number and the HMAC-SHA256 the platform computes")
    func holder() throws {
        let keyer = HolderKeyer(secret: Array(0..<32), timeZone: Self.china)
        let holder = try keyer.holder(for: Self.card, at: Self.november29)
        #expect(holder.maskedName == "张*三")
        #expect(holder.maskedNumber == "110105********002X")
        // Python: hmac.new(bytes(range(32)), b"11010519491231002X", hashlib.sha256).hexdigest()
        #expect(holder.key == "a66755453b106dcea0cfa264214ae59ff1e8b067f3e5f3aa8085e1d8757880eb")
        #expect(HolderKeyer(secret: Array(1..<33), timeZone: Self.china).key(for: try IDNumber(Self.card.number)) != holder.key)
    }

    @Test("an impossible number or an expired card is refused with the reason")
    func refusals() {
        var forged = Self.card
        forged.number = "110105194912310021"
        let keyer = HolderKeyer(secret: Array(0..<32), timeZone: Self.china)
        #expect(throws: HolderKeyer.Refusal.invalidNumber(.checkDigit)) { try keyer.holder(for: forged, at: Self.november29) }
        var expired = Self.card
        expired.validTo = "20261128"
        #expect(throws: HolderKeyer.Refusal.expired(validTo: "20261128")) { try keyer.holder(for: expired, at: Self.november29) }
        // 00:30 on the 29th in China is still the 28th in UTC: the card is good in the hall's day, not in UTC's.
        let justAfterMidnight = Self.november29.addingTimeInterval(-11.5 * 3600)
        #expect(throws: HolderKeyer.Refusal.expired(validTo: "20261128")) { try keyer.holder(for: expired, at: justAfterMidnight) }
        let utc = HolderKeyer(secret: Array(0..<32), timeZone: TimeZone(identifier: "UTC")!)
        #expect(throws: Never.self) { try utc.holder(for: expired, at: justAfterMidnight) }
    }

    @Test("the hall secret is made once, private, and read back the same")
    func secret() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)").path
        let made = try HallSecret.loadOrCreate(path: path)
        #expect(made.count == 32)
        #expect(try HallSecret.loadOrCreate(path: path) == made)
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        try "not hex".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: HallSecret.Failure.self) { try HallSecret.loadOrCreate(path: path) }
    }
}
