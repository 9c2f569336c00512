import Foundation
import HallCore
import HallYAML

/// Every profile under a `Devices/` folder, loaded and validated together.
public struct ProfileCatalog: Sendable, Equatable {
    public var profiles: [DeviceProfile]
    public let directory: String

    public init(profiles: [DeviceProfile], directory: String) {
        self.profiles = profiles
        self.directory = directory
    }

    /// Loads `<directory>/<family>/*.yaml`. The first bad file stops the load with its file, line
    /// and key; a folder that is not a family is an error too.
    public static func load(directory: String) throws(ConfigurationError) -> ProfileCatalog {
        let manager = FileManager.default
        guard let folders = try? manager.contentsOfDirectory(atPath: directory) else {
            throw ConfigurationError(file: directory, message: "cannot read the device profile folder")
        }
        var profiles: [DeviceProfile] = []
        for folder in folders.sorted() {
            let path = directory + "/" + folder
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            guard let family = DeviceFamily(rawValue: folder) else {
                throw ConfigurationError(
                    file: path, message: "not a device family (families: \(DeviceFamily.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let files = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
            for file in files {
                let filePath = path + "/" + file
                let text: String
                do {
                    text = try String(contentsOfFile: filePath, encoding: .utf8)
                } catch {
                    throw ConfigurationError(file: filePath, message: "cannot read the file")
                }
                let id = "\(folder)/\(file.dropLast(5))"
                profiles.append(try DeviceProfile.parse(text, file: filePath, id: id, family: family))
            }
        }
        return ProfileCatalog(profiles: profiles, directory: directory)
    }

    public func profile(_ id: String) -> DeviceProfile? { profiles.first { $0.id == id } }

    /// The profile a discovered device is, by USB ids and udev properties.
    public func profile(for device: DiscoveredDevice) -> DeviceProfile? {
        profiles.first { $0.match.matches(device) }
    }
}
