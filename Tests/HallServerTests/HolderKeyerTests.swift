import Foundation
import HallProtocols
import HallServer
import Testing

@Suite("Masking and keyed hashes of ID cards")
struct HolderKeyerTests {
    static let card = IDCardText(
        name: "张小三", sex: .male, nationCode: 1, birthDate: "19491231", address: "北京市东城区景山前街4号",
        number: "11010519491231002X", authority: "北京市公安局东城分局", validFrom: "20150101", validTo: nil)

    @Test("the holder keeps the masked name and number and the HMAC-SHA256 the platform computes")
    func holder() throws {
        let keyer = HolderKeyer(secret: Array(0..<32))
        let holder = try keyer.holder(for: Self.card, today: "20261129")
        #expect(holder.maskedName == "张*三")
        #expect(holder.maskedNumber == "110105********002X")
        // Python: hmac.new(bytes(range(32)), b"11010519491231002X", hashlib.sha256).hexdigest()
        #expect(holder.key == "a66755453b106dcea0cfa264214ae59ff1e8b067f3e5f3aa8085e1d8757880eb")
        #expect(HolderKeyer(secret: Array(1..<33)).key(for: try IDNumber(Self.card.number)) != holder.key)
    }

    @Test("an impossible number or an expired card is refused with the reason")
    func refusals() {
        var forged = Self.card
        forged.number = "110105194912310021"
        let keyer = HolderKeyer(secret: Array(0..<32))
        #expect(throws: HolderKeyer.Refusal.invalidNumber(.checkDigit(expected: "X", found: "1"))) {
            try keyer.holder(for: forged, today: "20261129")
        }
        var expired = Self.card
        expired.validTo = "20251231"
        #expect(throws: HolderKeyer.Refusal.expired(validTo: "20251231")) { try keyer.holder(for: expired, today: "20261129") }
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
