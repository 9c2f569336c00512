import Foundation
import HallConfig
import HallIdentity
import HallYAML
import Testing

@Suite("Configured tokens, kept by their digests")
struct TokenConfigurationTests {
    static let digest = BearerToken.digest("kiosk-token-in-a-safe")

    @Test("a token written out is kept only as its digest; a digest is taken as it is; each kiosk may have its own")
    func digests() throws {
        let yaml =
            ConfigurationTests.valid
            .replacingOccurrences(of: "{admin: admin-token-123}", with: "{admin: admin-token-123, kiosk: \"\(Self.digest)\"}")
            + "\nkiosks:\n  - {id: K1, token: k1-own-token-123}\n  - {id: K2}\n"
        let configuration = try HallConfiguration.parse(yaml, file: "hall.yaml")
        #expect(configuration.credentials.count == 3)
        #expect(configuration.credentials.keys.allSatisfy(BearerToken.isDigest))
        #expect(configuration.credentials[BearerToken.digest("admin-token-123")] == .role(.admin))
        #expect(configuration.credentials[Self.digest] == .role(.kiosk))
        #expect(configuration.credentials[BearerToken.digest("k1-own-token-123")] == .kiosk(id: "K1"))
        #expect(configuration.plainAdminToken == "admin-token-123")
        #expect(!"\(configuration)".contains("k1-own-token-123"))
    }

    @Test(
        "a malformed digest, a short token and one token for two uses are refused with their line",
        arguments: [
            ("kiosk: \"sha256:abc\"", "hall.yaml:4:36: the kiosk token must be sha256: and 64 lower-case hex digits"),
            ("kiosk: short", "hall.yaml:4:36: the kiosk token is shorter than 12 characters"),
            ("kiosk: \"\(BearerToken.digest("admin-token-123"))\"", "hall.yaml:4:36: the kiosk token is the same as another token"),
        ])
    func refused(entry: String, message: String) {
        let yaml = ConfigurationTests.valid.replacingOccurrences(of: "{admin: admin-token-123}", with: "{admin: admin-token-123, \(entry)}")
        #expect(ConfigurationTests().error(yaml) == message)
    }

    @Test("one value is replaced where it stands, in block and flow style, quoted or not; comments and the rest stay")
    func scalarEdit() throws {
        let text = """
            # the hall
            api:
              tokens: {admin: admin-token-123, kiosk: 'kiosk-token-123'}   # rotated yearly
              evaluators:
                "3": pad-token-333   # window 3
            kiosks:
              - {id: K1, name: 一号机, token: "k1-token-123"}
              - id: K2
                name: 二号机
                token: k2-token-123
            """
        func edited(_ path: [ScalarEdit.Step]) throws -> String {
            try ScalarEdit(file: "hall.yaml", path: path).applied(to: text, value: Self.digest)
        }
        let kiosk = try edited([.key("api"), .key("tokens"), .key("kiosk")])
        #expect(kiosk == text.replacingOccurrences(of: "'kiosk-token-123'", with: "\"\(Self.digest)\""))
        let pad = try edited([.key("api"), .key("evaluators"), .key("3")])
        #expect(pad == text.replacingOccurrences(of: "pad-token-333", with: "\"\(Self.digest)\""))
        let k1 = try edited([.key("kiosks"), .item(key: "id", value: "K1"), .key("token")])
        #expect(k1 == text.replacingOccurrences(of: "\"k1-token-123\"", with: "\"\(Self.digest)\""))
        let k2 = try edited([.key("kiosks"), .item(key: "id", value: "K2"), .key("token")])
        #expect(k2 == text.replacingOccurrences(of: "k2-token-123", with: "\"\(Self.digest)\""))
        #expect(throws: ConfigurationError.self) { try edited([.key("api"), .key("tokens"), .key("display")]) }
        #expect(throws: ConfigurationError.self) { try edited([.key("api"), .key("tokens")]) }
    }
}
