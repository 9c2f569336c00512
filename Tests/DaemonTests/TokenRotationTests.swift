import Foundation
import HallAPIModels
import HallClient
import HallIdentity
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Configured tokens rotated with hallctl against the real daemon", .serialized)
struct TokenRotationTests {
    /// The new token hallctl printed: its one line of the form `hq.<64 hex>`.
    static func token(in output: String) -> String? {
        output.split(separator: "\n").map(String.init).last { $0.hasPrefix("hq.") && $0.count == 67 }
    }

    @Test(
        "hallctl token rotate: the kiosk's old token stops working and the new one works; hall.yaml keeps only its digest, the rest of the file as it was; a new admin token goes to admin.token, where hallctl finds it"
    )
    func rotate() throws {
        let daemon = try DaemonProcess(yaml: SmallHall.yaml)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        let url = "http://127.0.0.1:\(daemon.port)"
        func hallctl(_ arguments: String...) throws -> (status: Int32, output: String) {
            try DaemonFixture.run("hallctl", arguments + ["--config", daemon.configPath, "--url", url], environment: ["HALLCTL_TOKEN": ""])
        }
        let before = try String(contentsOfFile: daemon.configPath, encoding: .utf8)

        let rotated = try hallctl("token", "rotate", "kiosk")
        #expect(rotated.status == 0, "\(rotated.output)")
        let kiosk = try #require(Self.token(in: rotated.output), "\(rotated.output)")
        let after = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        #expect(after == before.replacingOccurrences(of: "kiosk: kiosk-token-123", with: "kiosk: \"\(BearerToken.digest(kiosk))\""))
        let old = HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.kioskToken)
        #expect {
            try old.issue(IssueRequest(service: "shebao"))
        } throws: {
            guard case .refused(401, _) = $0 as? HallClient.Failure else { return false }
            return true
        }
        #expect(try HallClient(host: "127.0.0.1", port: daemon.port, token: kiosk).issue(IssueRequest(service: "shebao")).number == "A001")

        // A pad's token, by its window; a role the file does not give is refused, the file untouched.
        let pad = try hallctl("token", "rotate", "evaluator", "--window", "1")
        #expect(pad.status == 0 && Self.token(in: pad.output) != nil, "\(pad.output)")
        let missing = try hallctl("token", "rotate", "technician")
        #expect(missing.status != 0 && missing.output.contains("api.tokens.technician"), "\(missing.output)")
        #expect(try hallctl("token", "rotate", "evaluator").status != 0)
        // hallqd refuses the reload (a wrong admin token here): the file is put back as it was.
        let unchanged = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        let refused = try hallctl("token", "rotate", "display", "--token", "wrong-token-1234")
        #expect(refused.status == 1 && refused.output.contains("put back"), "\(refused.output)")
        #expect(try String(contentsOfFile: daemon.configPath, encoding: .utf8) == unchanged)

        // The admin's: kept in admin.token (0600) beside the configuration; hallctl goes on working.
        let admin = try hallctl("token", "rotate", "admin")
        #expect(admin.status == 0 && Self.token(in: admin.output) == nil, "\(admin.output)")
        let kept = daemon.directory.appendingPathComponent("admin.token").path
        let adminToken = try String(contentsOfFile: kept, encoding: .utf8).trimmingCharacters(in: .newlines)
        #expect((try FileManager.default.attributesOfItem(atPath: kept)[.posixPermissions] as? Int) == 0o600)
        #expect(throws: HallClient.Failure.self) {
            try HallClient(host: "127.0.0.1", port: daemon.port, token: SmallHall.adminToken).staff()
        }
        let status = try hallctl("windows")
        #expect(status.status == 0, "\(status.output)")
        #expect(try HallClient(host: "127.0.0.1", port: daemon.port, token: adminToken).reload().applied)

        let configuration = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        for token in [kiosk, adminToken] {
            #expect(!configuration.contains(token) && !daemon.log.contains(token))
        }
    }
}
