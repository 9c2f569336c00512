import Foundation
import HallAnnounce
import HallCore
import HallYAML

/// The hall's voice, from the configuration:
/// ```yaml
/// voice:
///   layout: default              # Layouts/voice/default.yaml
///   number_reading: digits       # A012 as 零一二; value reads 十二
///   english: false               # an English sentence after the Chinese
///   chime: /etc/hallqd/chime.wav # before each call
///   clips: /etc/hallqd/clips     # recorded words, <word>.wav
///   player: aplay -q {file}      # or a list of words; without it, announcements are only written as WAV files
///   output_directory: /var/lib/hallqd/voice
/// ```
public struct VoiceConfiguration: Sendable, Equatable {
    public var layout: VoiceLayout
    public var reading: NumberReading
    public var english: Bool
    public var settings: Voice.Settings

    static func parse(_ node: inout ConfigurationNode, base: URL, layouts: String?, dataDirectory: String) throws(ConfigurationError)
        -> VoiceConfiguration
    {
        func path(_ key: String) throws(ConfigurationError) -> String? {
            guard let value = try node.optionalString(key) else { return nil }
            let resolved = value.hasPrefix("/") ? value : base.appendingPathComponent(value).standardized.path
            guard FileManager.default.fileExists(atPath: resolved) else { throw node.error(at: key, "no \(key) at \(resolved)") }
            return resolved
        }
        guard let layouts else { throw node.error("voice needs hall.layouts_directory (the Layouts/ folder)") }
        let name = try node.string("layout", default: "default")
        let layout = try VoiceLayout.load(path: "\(layouts)/voice/\(name).yaml", name: name)
        let reading =
            NumberReading(rawValue: try node.choice("number_reading", NumberReading.allCases.map(\.rawValue)) ?? "digits") ?? .digits
        let english = try node.bool("english", default: false)
        let output = try node.string("output_directory", default: dataDirectory + "/voice")
        // Relative to the working directory, as data_directory is.
        var settings = Voice.Settings(outputDirectory: output)
        settings.chime = try path("chime")
        settings.clips = try path("clips")
        // A line split at spaces, or a list of words when one holds a space (sh -c "...").
        if let player = try node.strings("player") {
            let words = player.count == 1 ? player[0].split(separator: " ").map(String.init) : player
            guard words.contains(where: { $0.contains("{file}") }) else {
                throw node.error(at: "player", "the player command needs {file}, such as aplay -q {file}")
            }
            settings.player = words
        }
        settings.keepFiles = try node.int("keep_files", default: 100, range: 1...100_000)
        try node.finish()
        return VoiceConfiguration(layout: layout, reading: reading, english: english, settings: settings)
    }
}
