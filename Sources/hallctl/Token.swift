import ArgumentParser
import Foundation
import HallClient
import HallConfig
import HallIdentity
import HallYAML

#if canImport(Glibc)
import Glibc
#endif

/// `hallctl token rotate ROLE`: a new random token for a role, a window's pad or a kiosk. Its
/// digest replaces the old entry in `hall.yaml` where it stands, hallqd reloads, the old token
/// stops working at once, and the new one is shown once. `hall.yaml` never holds it.
struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Configured bearer tokens: rotate one.", subcommands: [Rotate.self], defaultSubcommand: Rotate.self)

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "A new token for ROLE (admin, kiosk, window, display, manager, technician, auditor; evaluator with --window; kiosk with --kiosk for that kiosk's own), kept hashed in the configuration.",
            discussion: """
                The role's entry in the configuration file (api.tokens.ROLE, api.evaluators.WINDOW or the kiosk's token) must exist: \
                it is replaced by the new token's sha256 digest, and hallqd reloads. The new token is printed once on standard \
                output; a new admin token is written to admin.token beside the configuration (mode 0600), where hallctl finds it.
                """)

        @Argument(help: "The role whose token to rotate.")
        var role: String
        @Option(help: "The window whose evaluation pad's token to rotate (with evaluator).")
        var window: Int?
        @Option(help: "The kiosk whose own token to rotate (kiosks[].token, with kiosk).")
        var kiosk: String?
        @OptionGroup var daemon: DaemonConnection

        func run() throws {
            try Hallctl.guarded {
                let path = daemon.configurationPath
                let edit = ScalarEdit(file: path, path: try place())
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw CLIError("cannot read \(path)", exitCode: 2)
                }
                // The daemon is asked to reload with the token in force before the change.
                let client = try daemon.client()
                let token = BearerToken.generate()
                let edited: String
                do {
                    edited = try edit.applied(to: text, value: BearerToken.digest(token))
                } catch {
                    throw CLIError("\(error) (add the entry to the configuration first)", exitCode: 2)
                }
                let adminFile = DaemonConnection.adminTokenPath(beside: path)
                let keptAdmin = try? Data(contentsOf: URL(fileURLWithPath: adminFile))
                try Self.replace(path, with: Data(edited.utf8), mode: nil)
                if role == Role.admin.rawValue { try Self.replace(adminFile, with: Data((token + "\n").utf8), mode: 0o600) }
                func putBack() throws {
                    try Self.replace(path, with: Data(text.utf8), mode: nil)
                    if let keptAdmin { try Self.replace(adminFile, with: keptAdmin, mode: 0o600) }
                }
                do {
                    let report = try client.reload()
                    guard report.applied else {
                        try putBack()
                        throw CLIError("hallqd refused the configuration, so it is put back as it was: \(report.problem ?? "")")
                    }
                    Hallctl.note("\(edit.path.map(\.description).joined(separator: ".")) rotated: the old token no longer works.")
                } catch HallClient.Failure.unreachable {
                    Hallctl.note("hallqd is not answering: the new token takes effect when it starts.")
                } catch let failure as HallClient.Failure {
                    try putBack()
                    throw CLIError("hallqd did not reload (\(failure)), so the configuration is put back as it was")
                }
                if role == Role.admin.rawValue {
                    Hallctl.note("The new admin token is in \(adminFile).")
                } else {
                    print(token)
                }
            }
        }

        /// Where the token is in the configuration.
        private func place() throws -> [ScalarEdit.Step] {
            guard let parsed = Role(rawValue: role) else {
                throw CLIError("no role \(role) (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            switch (parsed, window, kiosk) {
            case (.evaluator, let window?, nil): return [.key("api"), .key("evaluators"), .key(String(window))]
            case (.evaluator, _, _): throw CLIError("an evaluation pad's token is rotated with --window N")
            case (.kiosk, nil, let kiosk?): return [.key("kiosks"), .item(key: "id", value: kiosk), .key("token")]
            case (_, nil, nil): return [.key("api"), .key("tokens"), .key(role)]
            default: throw CLIError("--window goes with evaluator, --kiosk with kiosk")
            }
        }

        /// Writes a file whole or not at all (a new file renamed over the old), keeping its mode.
        static func replace(_ path: String, with data: Data, mode: Int?) throws {
            let url = URL(fileURLWithPath: path)
            let kept = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? nil
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid())")
            guard
                FileManager.default.createFile(
                    atPath: temporary.path, contents: data, attributes: [.posixPermissions: mode ?? kept ?? 0o644]),
                rename(temporary.path, path) == 0
            else {
                unlink(temporary.path)
                throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
        }
    }
}
