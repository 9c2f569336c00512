import HallIdentity
import Testing

@Suite("ID numbers")
struct IDNumberTests {
    /// Check characters recomputed by hand from the GB 11643 weights.
    @Test(
        "valid numbers pass and mask to region and last four",
        arguments: [
            "11010519491231002X", "44030419900307123X", "320102198511110041", "510108200002290033", "110101198001010010",
        ])
    func valid(number: String) throws {
        let id = try IDNumber(number, today: "20261129")
        #expect(id.masked == String(number.prefix(6)) + "********" + String(number.suffix(4)))
        #expect("\(id)" == id.masked)
    }

    @Test(
        "invalid numbers are refused with the reason",
        arguments: [
            ("110105194912310021", IDNumber.Invalid.checkDigit),
            ("11010519491231002", .length(17)),
            ("1101051949123100XX", .characters),
            ("00010519491231002X", .region("000105")),
            ("110105194902300020", .birthDate),
            ("110105203001010010", .birthDate),
        ])
    func invalid(number: String, reason: IDNumber.Invalid) {
        #expect(throws: reason) { try IDNumber(number, today: "20261129") }
    }

    @Test("lower-case x is the same check character")
    func lowerX() throws {
        #expect(try IDNumber("11010519491231002x").value == "11010519491231002X")
    }

    @Test("a refusal's words never hold the hidden digits")
    func refusalsHideTheBirthDate() {
        for number in ["110105194902300020", "110105203001010010", "110105194912310021"] {
            do {
                _ = try IDNumber(number, today: "20261129")
                Issue.record("\(number) was taken")
            } catch {
                #expect(!error.description.contains(number.dropFirst(6).prefix(8)))
                #expect(!error.description.contains("X"))
            }
        }
    }
}
