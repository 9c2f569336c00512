import Foundation
import HallAnnounce
import Testing

@Suite("The hall's voice")
struct VoiceTests {
    static let layouts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Layouts/voice")
        .standardized.path

    static func soxi(_ file: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/soxi")
        process.arguments = ["-D", file]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("voice-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test(
        "numbers are read digit by digit or as values, in Chinese and English",
        arguments: [
            ("A012", NumberReading.digits, "A 零一二", "A 0 1 2"), ("A012", .value, "A 十二", "A 12"), ("B100", .value, "B 一百", "B 100"),
            ("C101", .value, "C 一百零一", "C 101"), ("D2020", .value, "D 两千零二十", "D 2020"), ("E010", .value, "E 十", "E 10"),
            ("F000", .digits, "F 零零零", "F 0 0 0"), ("GH7", .digits, "G H 七", "G H 7"),
        ])
    func reading(number: String, reading: NumberReading, chinese: String, english: String) {
        #expect(reading.chinese(number) == chinese)
        #expect(reading.english(number) == english)
    }

    @Test("the default layout says the call in Chinese, then English when asked; unknown fields are refused with their line")
    func sentences() throws {
        let layout = try VoiceLayout.load(path: Self.layouts + "/default.yaml", name: "default")
        let values = ["number": "A012", "window": "12", "service": "社保"]
        #expect(
            layout.sentences(.call, values: values, reading: .digits, english: false) == [
                Sentence(text: "请 A 零一二 号，到 十二 号窗口办理", language: .chinese)
            ])
        let both = layout.sentences(.call, values: values, reading: .value, english: true)
        #expect(both?.map(\.text) == ["请 A 十二 号，到 十二 号窗口办理", "Number A 12, please go to window 12"])
        #expect(layout.repeats == 2)
        do {
            _ = try VoiceLayout.parse("call: 请{numbr}号\n", file: "v.yaml", name: "v")
            Issue.record("an unknown field was accepted")
        } catch {
            #expect(error.description.hasPrefix("v.yaml:1:"), "\(error.description)")
        }
    }

    @Test("espeak-ng speaks a call to a WAV of plausible length; said twice it is about twice as long")
    func synthesized() throws {
        let voice = try Voice(settings: .init(outputDirectory: try Self.directory()))
        let sentence = [Sentence(text: "请 A 零一二 号，到 三 号窗口办理", language: .chinese)]
        let once = try Self.soxi(try voice.render(sentence, repeats: 1, chime: false, name: "once"))
        let twice = try Self.soxi(try voice.render(sentence, repeats: 2, chime: false, name: "twice"))
        #expect((1.5...8).contains(once), "\(once) s")
        #expect(abs(twice - (2 * once + 0.6)) < 0.05, "\(once) s once, \(twice) s twice")
        let english = try Self.soxi(
            try voice.render(
                sentence + [Sentence(text: "Number A 0 1 2, please go to window 3", language: .english)], repeats: 1, chime: false,
                name: "en"))
        #expect(english > once + 1.5)
    }

    @Test("recorded clips are joined when every word has one (the chime first); a missing word falls back to the synthesizer")
    func clips() throws {
        let directory = try Self.directory()
        let clips = directory + "/clips"
        try FileManager.default.createDirectory(atPath: clips, withIntermediateDirectories: true)
        // Stand-in recordings: tones of known length, at another rate and in stereo.
        for word in ["请", "A", "零", "一", "二", "号", "到", "三", "号窗口办理"] {
            try Self.run("/usr/bin/sox", ["-n", "-r", "44100", "-c", "2", "\(clips)/\(word).wav", "synth", "0.25", "sine", "440"])
        }
        try Self.run("/usr/bin/sox", ["-n", "-r", "8000", "-c", "1", "\(directory)/chime.wav", "synth", "0.5", "sine", "880"])
        var settings = Voice.Settings(outputDirectory: directory + "/out")
        settings.clips = clips
        settings.chime = directory + "/chime.wav"
        let voice = try Voice(settings: settings)
        #expect(Voice.clipWords("请 A 零一二 号，到 三 号窗口办理") == ["请", "A", "零", "一", "二", "号", "到", "三", "号窗口办理"])
        let joined = try Self.soxi(
            try voice.render([Sentence(text: "请 A 零一二 号，到 三 号窗口办理", language: .chinese)], repeats: 1, chime: true, name: "clips"))
        // chime 0.5 + pause 0.6 + nine clips of 0.25
        #expect(abs(joined - (0.5 + 0.6 + 9 * 0.25)) < 0.02, "\(joined) s")
        let fallback = try Self.soxi(
            try voice.render([Sentence(text: "请 A 零一二 号，到 五 号窗口办理", language: .chinese)], repeats: 1, chime: false, name: "fallback"))
        #expect(fallback > 1 && abs(fallback - 9 * 0.25) > 0.05, "\(fallback) s")
    }

    @Test("a missing synthesizer or a broken chime file is a clear error naming the program")
    func failure() throws {
        let directory = try Self.directory()
        var settings = Voice.Settings(outputDirectory: directory)
        settings.espeak = "/nonexistent/espeak-ng"
        do {
            _ = try Voice(settings: settings).render([Sentence(text: "请", language: .chinese)], repeats: 1, chime: false, name: "x")
            Issue.record("no error")
        } catch {
            #expect("\(error)".hasPrefix("cannot run /nonexistent/espeak-ng"), "\(error)")
        }
        try Data("not a wav".utf8).write(to: URL(fileURLWithPath: directory + "/chime.wav"))
        settings = Voice.Settings(outputDirectory: directory)
        settings.chime = directory + "/chime.wav"
        do {
            _ = try Voice(settings: settings).render([Sentence(text: "请", language: .chinese)], repeats: 1, chime: true, name: "y")
            Issue.record("no error")
        } catch {
            #expect("\(error)".hasPrefix("sox failed"), "\(error)")
        }
    }

    static func run(_ program: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
    }
}
