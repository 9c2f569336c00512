import Foundation
import HallConfig
import HallCore
import HallServer
import HallStore
import HallTesting
import Hummingbird
import HummingbirdTesting
import Logging

/// A hall served by the real router and engine over a journal in a temporary directory.
enum TestHall {
    static let yaml = SmallHall.yaml

    /// Runs `body` against an application of `yaml` whose clock reads `clock` (11:00 China time by default).
    static func run(
        yaml: String = yaml, clock: ManualClock = ManualClock(Date(timeIntervalSince1970: 1_796_094_000)),
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configuration = try HallConfiguration.parse(yaml.replacingOccurrences(of: "{data}", with: directory.path), file: "test.yaml")
        let engine = try HallEngine(
            definition: configuration.definition, journal: try Journal(path: directory.appendingPathComponent("journal.sqlite").path),
            clock: clock.read, logger: Logger(label: "test"))
        let api = HallAPI(
            engine: engine, configuration: LiveConfiguration(configuration), metrics: HallMetrics(),
            audit: try AuditLog(path: directory.appendingPathComponent("audit.sqlite").path), clock: clock.read)
        let app = Application(router: api.router())
        try await app.test(.router, body)
    }
}

extension TestClientProtocol {
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: String? = nil) async throws -> (
        status: Int, json: [String: Any], text: String
    ) {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let text = String(buffer: response.body)
            let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
            return (Int(response.status.code), json, text)
        }
    }
}
