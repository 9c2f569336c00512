import ArgumentParser
import Foundation
import HallConfig
import HallServer

/// How `hallctl` reaches the daemon: address and token from the options, the environment, or
/// the hall configuration file.
struct DaemonConnection: ParsableArguments {
    @Option(help: "The daemon's address (default: api.listen of the configuration, or $HALLCTL_URL).")
    var url: String?

    @Option(help: "A bearer token (default: $HALLCTL_TOKEN, or the admin token of the configuration).")
    var token: String?

    @Option(help: "The hall configuration file to take the address and token from (default: $HALLCTL_CONFIG or /etc/hallqd/hall.yaml).")
    var config: String?

    @Flag(help: "Print JSON for scripts instead of tables.")
    var json = false

    /// Follows the event stream, calling `handle` with each event's type and data, until the
    /// daemon goes away.
    func follow(_ handle: (String, String) -> Void) throws {
        let (connection, bearer, address) = try connect()
        do {
            let head = try connection.openStream("/api/v1/events", token: bearer)
            guard head.status == 200 else { throw CLIError("the event stream answered \(head.status)") }
            var type = ""
            while true {
                let line = try connection.readLine()
                if line.hasPrefix("event: ") { type = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { handle(type, String(line.dropFirst(6))) }
            }
        } catch let failure as HTTPConnection.Failure {
            throw CLIError("the event stream from \(address) ended (\(failure))", exitCode: 3)
        }
    }

    /// The hall configuration file in use.
    var configurationPath: String { config ?? ProcessInfo.processInfo.environment["HALLCTL_CONFIG"] ?? "/etc/hallqd/hall.yaml" }

    /// Whether hallqd answers: `hallctl diag` opens devices itself only when it does not.
    var daemonAnswers: Bool { (try? request("GET", "/healthz")) != nil }

    /// The hall configuration, or a clear error (exit status 2).
    func loadConfiguration() throws -> HallConfiguration {
        do {
            return try HallConfiguration.load(path: configurationPath)
        } catch {
            throw CLIError(error.description, exitCode: 2)
        }
    }

    private func connect() throws -> (HTTPConnection, String?, String) {
        let environment = ProcessInfo.processInfo.environment
        let configPath = configurationPath
        let configuration = FileManager.default.isReadableFile(atPath: configPath) ? try? HallConfiguration.load(path: configPath) : nil
        let address =
            url ?? environment["HALLCTL_URL"]
            ?? configuration.map { "http://\($0.listenHost == "0.0.0.0" ? "127.0.0.1" : $0.listenHost):\($0.listenPort)" }
            ?? "http://127.0.0.1:8080"
        let bearer = token ?? environment["HALLCTL_TOKEN"] ?? configuration?.tokens.first { $0.value == .admin }?.key
        guard let components = URLComponents(string: address), let host = components.host else {
            throw CLIError("not an address: \(address) (expected such as http://127.0.0.1:8080)")
        }
        return (HTTPConnection(host: host, port: components.port ?? 80), bearer, address)
    }

    func request(_ method: String, _ path: String, body: Any? = nil) throws -> HTTPConnection.Response {
        let (connection, bearer, address) = try connect()
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let response: HTTPConnection.Response
        do {
            response = try connection.request(method, path, json: data, token: bearer)
        } catch let failure as HTTPConnection.Failure {
            throw CLIError("hallqd is not answering at \(address) (\(failure)). Is it running? Try: systemctl status hallqd", exitCode: 3)
        }
        if response.status >= 400 {
            let message = response.json()?["message"] as? String ?? response.text
            throw CLIError(message, exitCode: response.status >= 500 ? 4 : 1)
        }
        return response
    }

    /// The JSON list an endpoint answers, or an empty list when hallqd does not answer or the
    /// answer is not a list (for checks that go on regardless).
    func list(_ path: String, method: String = "GET", body: Any? = nil) -> [[String: Any]] {
        (try? request(method, path, body: body)).flatMap { try? JSONSerialization.jsonObject(with: $0.body) } as? [[String: Any]] ?? []
    }

    /// Prints the answer as JSON, or as the table `render` makes of it.
    func show(_ response: HTTPConnection.Response, render: (Any) -> String) {
        if json || response.body.isEmpty {
            if !response.body.isEmpty { print(response.text) }
            return
        }
        guard let value = try? JSONSerialization.jsonObject(with: response.body) else {
            print(response.text)
            return
        }
        print(render(value), terminator: "")
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
