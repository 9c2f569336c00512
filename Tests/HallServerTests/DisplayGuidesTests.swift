import Foundation
import HallTesting
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Guides on the display")
struct DisplayGuidesTests {
    @Test("the display's answer carries each guided service's materials and time limit, in the hall's order of services")
    func guides() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("display-guides-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (service, materials) in [("huji", "[户口簿]"), ("shebao", "[身份证, 社保卡]")] {
            try "service: \(service)\nmaterials: \(materials)\ntime_limit: 即办\nfees: 不收费\nenquiry_phone: '1'\ncomplaint_phone: '12345'\n"
                .write(to: directory.appendingPathComponent("\(service).yaml"), atomically: true, encoding: .utf8)
        }
        let yaml = TestHall.yaml.replacingOccurrences(
            of: "  data_directory: {data}\n", with: "  data_directory: {data}\n  guides_directory: \(directory.path)\n")
        try await TestHall.run(yaml: yaml) { client in
            let guides = try await client.call(.get, "/api/v1/display", token: SmallHall.displayToken).json["guides"] as? [[String: Any]]
            #expect(guides?.map { $0["service"] as? String } == ["社保", "户籍"])
            #expect(guides?.first?["materials"] as? [String] == ["身份证", "社保卡"] && guides?.first?["timeLimit"] as? String == "即办")
        }
    }
}
