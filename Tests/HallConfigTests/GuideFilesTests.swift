import Foundation
import HallConfig
import HallCore
import Testing

@Suite("Service guides (Guides/)")
struct GuideFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    @Test("the demo hall loads a guide for each of its 14 services; the ticket's line has the first three materials")
    func demo() throws {
        let hall = try HallConfiguration.load(path: Self.root + "/examples/demo-hall.yaml").definition
        #expect(hall.guides.count == 14 && Set(hall.guides.keys) == Set(hall.services.map(\.id)))
        let guide = try #require(hall.guides["budongchan"])
        #expect(guide.materials.count == 4)
        #expect(guide.materialsLine == "请备：居民身份证原件、不动产权证书或房屋所有权证、不动产登记申请书")
    }

    func error(_ files: [String: String]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("guides-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        do {
            _ = try GuideFiles.load(directory: directory.path, services: [Service(id: "shebao", nameZh: "社保", nameEn: "", prefix: "A")])
            return "no error"
        } catch {
            return error.description.replacingOccurrences(of: directory.path + "/", with: "")
        }
    }

    static let valid = "service: shebao\nmaterials: [身份证]\ntime_limit: 即办\nfees: 不收费\nenquiry_phone: '1'\ncomplaint_phone: '12345'\n"

    @Test("a guide for no service, a second guide, no materials and an unknown key are refused with the file and line")
    func mistakes() throws {
        #expect(try error(["a.yaml": Self.valid]) == "no error")
        #expect(
            try error(["a.yaml": Self.valid.replacingOccurrences(of: "shebao", with: "nope")]) == "a.yaml:1:10: no service nope in the hall"
        )
        #expect(try error(["a.yaml": Self.valid, "b.yaml": Self.valid]) == "b.yaml:1:10: service shebao has a guide already")
        #expect(try error(["a.yaml": Self.valid.replacingOccurrences(of: "[身份证]", with: "[]")]).hasPrefix("a.yaml:2:"))
        #expect(try error(["a.yaml": Self.valid + "fee: 1\n"]).contains("unknown key \"fee\""))
    }
}
