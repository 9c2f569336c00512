import Foundation

/// Turns sentences into sound and plays it: recorded clips joined with sox when the hall has a
/// clip for every word, espeak-ng otherwise (`cmn-latn-pinyin`, which reads Chinese correctly
/// where espeak-ng 1.51's `cmn` does not); a chime first if configured; each announcement one
/// WAV file, then played by the configured player command, or only written when there is none.
public final class Voice: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Where each announcement's WAV is written.
        public var outputDirectory: String
        /// A folder of recorded words, `<word>.wav` (请.wav, 号.wav, 零.wav ... A.wav).
        public var clips: String?
        /// A sound before each call.
        public var chime: String?
        /// The player, with `{file}` for the WAV: `["aplay", "-q", "{file}"]`; nil writes files only.
        public var player: [String]?
        public var espeak = "/usr/bin/espeak-ng"
        public var sox = "/usr/bin/sox"
        public var chineseVoice = "cmn-latn-pinyin"
        public var englishVoice = "en"
        /// How many announcement files to keep.
        public var keepFiles = 100

        public init(outputDirectory: String) { self.outputDirectory = outputDirectory }
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public let settings: Settings
    /// The sample format every part is brought to, so that sox can join them.
    static let format = ["-r", "22050", "-c", "1", "-b", "16"]

    public init(settings: Settings) throws {
        self.settings = settings
        try FileManager.default.createDirectory(atPath: settings.outputDirectory + "/parts", withIntermediateDirectories: true)
    }

    /// Writes one announcement to `<output>/<name>.wav`: the chime (when `chime`), then the
    /// sentences, the whole said `repeats` times with a pause between. Returns the file.
    public func render(_ sentences: [Sentence], repeats: Int, chime: Bool, name: String) throws(Failure) -> String {
        let parts = settings.outputDirectory + "/parts"
        var pieces: [String] = []
        if chime, let file = settings.chime { pieces.append(try normalized(file, as: "\(parts)/chime.wav")) }
        let pause = try silence(seconds: 0.6, at: "\(parts)/pause.wav")
        var spoken: [String] = []
        for (index, sentence) in sentences.enumerated() {
            spoken.append(try speak(sentence, to: "\(parts)/\(name)-\(index).wav"))
        }
        for round in 0..<repeats {
            if round > 0 || !pieces.isEmpty { pieces.append(pause) }
            for (index, file) in spoken.enumerated() {
                if index > 0 { pieces.append(pause) }
                pieces.append(file)
            }
        }
        let output = "\(settings.outputDirectory)/\(name).wav"
        try run(settings.sox, pieces + [output])
        for file in spoken { try? FileManager.default.removeItem(atPath: file) }
        prune()
        return output
    }

    /// Plays a rendered file with the player command; returns at once when there is none.
    public func play(_ file: String) throws(Failure) {
        guard let player = settings.player, let program = player.first else { return }
        try run(program, player.dropFirst().map { $0.replacingOccurrences(of: "{file}", with: file) })
    }

    /// One sentence as a WAV: clips when every word has one, the synthesizer otherwise.
    func speak(_ sentence: Sentence, to file: String) throws(Failure) -> String {
        if sentence.language == .chinese, let clips = settings.clips {
            let words = Self.clipWords(sentence.text)
            let paths = words.map { "\(clips)/\($0).wav" }
            if !words.isEmpty, paths.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
                let normalizedClips = try paths.enumerated().map { (index, path) throws(Failure) in
                    try normalized(path, as: "\(file)-clip\(index).wav")
                }
                try run(settings.sox, normalizedClips + [file])
                for clip in normalizedClips { try? FileManager.default.removeItem(atPath: clip) }
                return file
            }
        }
        let voice = sentence.language == .chinese ? settings.chineseVoice : settings.englishVoice
        let raw = file + ".espeak.wav"
        try run(settings.espeak, ["-v", voice, "-w", raw, sentence.text])
        _ = try normalized(raw, as: file)
        try? FileManager.default.removeItem(atPath: raw)
        return file
    }

    /// The words a sentence is made of, as clip names: split at spaces and punctuation, and
    /// number words (零一二 …) one character each.
    public static func clipWords(_ text: String) -> [String] {
        let numberCharacters = Set("零一二三四五六七八九十百千万两")
        var words: [String] = []
        for token in text.split(whereSeparator: { $0.isWhitespace || $0.isPunctuation }) {
            if token.allSatisfy({ numberCharacters.contains($0) }) {
                words += token.map(String.init)
            } else {
                words.append(String(token))
            }
        }
        return words
    }

    private func normalized(_ source: String, as target: String) throws(Failure) -> String {
        try run(settings.sox, [source] + Self.format + [target])
        return target
    }

    private func silence(seconds: Double, at file: String) throws(Failure) -> String {
        if !FileManager.default.fileExists(atPath: file) {
            try run(settings.sox, ["-n"] + Self.format + [file, "trim", "0", String(seconds)])
        }
        return file
    }

    /// Keeps the newest `keepFiles` announcements.
    private func prune() {
        let directory = settings.outputDirectory
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".wav") }.sorted()
        for file in files.dropLast(settings.keepFiles) { try? FileManager.default.removeItem(atPath: "\(directory)/\(file)") }
    }

    private func run(_ program: String, _ arguments: [String]) throws(Failure) {
        let process = Process()
        // A bare name (aplay, sh) is found on PATH.
        process.executableURL = URL(fileURLWithPath: program.contains("/") ? program : "/usr/bin/env")
        process.arguments = program.contains("/") ? arguments : [program] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run \(program): \(error.localizedDescription)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description:
                    "\(URL(fileURLWithPath: program).lastPathComponent) failed (\(process.terminationStatus)): \(String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))"
            )
        }
    }
}
