import ArgumentParser
import Foundation
import HallAPIModels
import HallClient
import HallConfig

/// How `hallctl` reaches the daemon: address and token from the options, the environment, or
/// the hall configuration file.
struct DaemonConnection: ParsableArguments {
    @Option(help: "The daemon's address (default: api.listen of the configuration, or $HALLCTL_URL).")
    var url: String?

    @Option(
        help:
            "A bearer token (default: $HALLCTL_TOKEN, the admin token of the configuration, or admin.token beside it once the admin token is kept hashed)."
    )
    var token: String?

    @Option(help: "The hall configuration file to take the address and token from (default: $HALLCTL_CONFIG or /etc/hallqd/hall.yaml).")
    var config: String?

    @Flag(help: "Print JSON for scripts instead of tables.")
    var json = false

    /// Follows the event stream, calling `handle` with each event's type and data, until the
    /// daemon goes away.
    func follow(_ handle: (String, String) -> Void) throws {
        let client = try client()
        do {
            try client.follow(handle)
        } catch {
            throw CLIError("the event stream from \(client.address) ended (\(error))", exitCode: 3)
        }
    }

    /// The hall configuration file in use.
    var configurationPath: String { config ?? ProcessInfo.processInfo.environment["HALLCTL_CONFIG"] ?? "/etc/hallqd/hall.yaml" }

    /// The file beside the configuration that keeps the admin token once `hall.yaml` keeps only
    /// its digest (`hallctl token rotate admin` writes it, mode 0600).
    static func adminTokenPath(beside configPath: String) -> String {
        URL(fileURLWithPath: configPath).deletingLastPathComponent().appendingPathComponent("admin.token").path
    }

    static func keptAdminToken(beside configPath: String) -> String? {
        (try? String(contentsOfFile: adminTokenPath(beside: configPath), encoding: .utf8))
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether hallqd answers: `hallctl diag` opens devices itself only when it does not.
    var daemonAnswers: Bool { (try? call { try $0.health() }) != nil }

    /// The hall configuration, or a clear error (exit status 2).
    func loadConfiguration() throws -> HallConfiguration {
        do {
            return try HallConfiguration.load(path: configurationPath)
        } catch {
            throw CLIError(error.description, exitCode: 2)
        }
    }

    /// A client for the daemon at the address and with the token the options, the environment
    /// or the configuration name.
    func client() throws -> HallClient {
        let environment = ProcessInfo.processInfo.environment
        let configPath = configurationPath
        let configuration = FileManager.default.isReadableFile(atPath: configPath) ? try? HallConfiguration.load(path: configPath) : nil
        let address =
            url ?? environment["HALLCTL_URL"]
            ?? configuration.map { "http://\($0.listenHost == "0.0.0.0" ? "127.0.0.1" : $0.listenHost):\($0.listenPort)" }
            ?? "http://127.0.0.1:8080"
        let bearer =
            token ?? environment["HALLCTL_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } ?? configuration?.plainAdminToken
            ?? Self.keptAdminToken(beside: configPath)
        guard let components = URLComponents(string: address), let host = components.host else {
            throw CLIError("not an address: \(address) (expected such as http://127.0.0.1:8080)")
        }
        return HallClient(host: host, port: components.port ?? 80, token: bearer)
    }

    /// One call to the daemon; a failure becomes one clear line and an exit status: 3 when
    /// hallqd does not answer, 4 when it fails, 1 when it refuses.
    func call<Answer>(_ body: (HallClient) throws -> Answer) throws -> Answer {
        let client = try client()
        do {
            return try body(client)
        } catch HallClient.Failure.unreachable(let address, let reason) {
            throw CLIError("hallqd is not answering at \(address) (\(reason)). Is it running? Try: systemctl status hallqd", exitCode: 3)
        } catch HallClient.Failure.refused(let status, let failure) {
            throw CLIError(failure.message, exitCode: status >= 500 ? 4 : 1)
        } catch {
            throw CLIError("\(error)", exitCode: 4)
        }
    }

    /// Prints an answer as JSON (the API's own encoding), or as the text `render` makes of it.
    func show<Answer: Encodable>(_ answer: Answer, render: (Answer) -> String) {
        if json {
            print(String(decoding: (try? APIJSON.encoder.encode(answer)) ?? Data("null".utf8), as: UTF8.self))
        } else {
            print(render(answer), terminator: "")
        }
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    var exitCode: Int32

    init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}
