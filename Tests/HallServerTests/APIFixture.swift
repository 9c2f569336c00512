import Foundation
import HallConfig
import HallServer
import HallStore
import Logging

enum APIFixture {
    /// An API over a fresh journal, for looking at its routes.
    static func api() throws -> HallAPI {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configuration = try HallConfiguration.parse(TestHall.yaml.replacingOccurrences(of: "{data}", with: directory.path), file: "t")
        let engine = try HallEngine(
            definition: configuration.definition, journal: try Journal(path: directory.appendingPathComponent("j.sqlite").path),
            logger: Logger(label: "test"))
        return HallAPI(engine: engine, configuration: LiveConfiguration(configuration), metrics: HallMetrics())
    }
}
