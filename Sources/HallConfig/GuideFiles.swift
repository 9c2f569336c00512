import Foundation
import HallCore
import HallYAML

/// Reads the service guides (`Guides/`, one YAML file per service), checked against the hall's
/// services at start:
///
///     service: shebao
///     materials: [居民身份证原件, 社会保障卡]
///     time_limit: 即办
///     fees: 不收费
///     enquiry_phone: 0839-3212345
///     complaint_phone: "12345"
///     catalogue_code: 510822-000-00-0001   # optional
public enum GuideFiles {
    public static func load(directory: String, services: [Service]) throws(ConfigurationError) -> [String: ServiceGuide] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
        } catch {
            throw ConfigurationError(file: directory, message: "cannot read the guides folder: \(error.localizedDescription)")
        }
        var guides: [String: ServiceGuide] = [:]
        for name in names {
            let path = directory + "/" + name
            var file = try ConfigurationNode.load(path: path, what: "a service guide")
            let service = try file.string("service")
            guard services.contains(where: { $0.id == service }) else {
                throw file.error(at: "service", "no service \(service) in the hall")
            }
            guard guides[service] == nil else { throw file.error(at: "service", "service \(service) has a guide already") }
            let materials = try file.strings("materials") ?? []
            guard !materials.isEmpty, materials.allSatisfy({ !$0.isEmpty && $0.count <= 40 }) else {
                throw file.error(at: "materials", "materials must list what to bring, each at most 40 characters")
            }
            guides[service] = ServiceGuide(
                service: service, materials: materials, timeLimit: try file.string("time_limit"), fees: try file.string("fees"),
                enquiryPhone: try file.string("enquiry_phone"), complaintPhone: try file.string("complaint_phone"),
                catalogueCode: try file.optionalString("catalogue_code"))
            try file.finish()
        }
        return guides
    }
}
