import Foundation
import HallIdentity
import Testing

@Suite("Phone numbers for text reminders")
struct ContactTests {
    @Test("a mainland mobile number is read with spaces, dashes or +86, and shows masked")
    func phoneNumbers() throws {
        let phone = try #require(PhoneNumber("+86 138-0013-8000"))
        #expect(phone.digits == "13800138000")
        #expect(phone.masked == "138****8000" && "\(phone)" == "138****8000")
        for bad in ["", "1380013800", "138001380001", "23800138000", "1380013800x", "１３８００１３８０００"] {
            #expect(PhoneNumber(bad) == nil, "\(bad) is not a mobile number")
        }
    }

    @Test("sealed under the hall secret: the digits are not in the bytes, each seal differs, another secret cannot open it")
    func sealed() throws {
        let secret = [UInt8](repeating: 7, count: 32)
        let sealer = ContactSealer(secret: secret)
        let phone = try #require(PhoneNumber("13800138000"))
        let first = sealer.seal(phone)
        let second = sealer.seal(phone)
        #expect(first != second)
        #expect(first.range(of: Data("13800138000".utf8)) == nil && first.range(of: Data("8000".utf8)) == nil)
        #expect(sealer.open(first) == phone && sealer.open(second) == phone)
        #expect(ContactSealer(secret: [UInt8](repeating: 8, count: 32)).open(first) == nil)
        var damaged = first
        damaged[damaged.startIndex + 20] ^= 1
        #expect(sealer.open(damaged) == nil)
    }
}
