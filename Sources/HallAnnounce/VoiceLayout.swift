import Foundation
import HallCore
import HallYAML

/// What the voice says (`Layouts/voice/<name>.yaml`): a sentence per event, in Chinese, with
/// an optional English sentence after it; how often each is said; the chime before a call.
public struct VoiceLayout: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case call, recall, transfer, closing
    }

    public var name: String
    public var file: String
    /// Chinese sentence, and English, per kind; `{number}`, `{window}`, `{service}`, `{hall}`.
    var sentences: [Kind: (zh: String, en: String?)]
    /// How many times a call (or recall) is said.
    public var repeats: Int
    public static let fields: Set = ["number", "window", "service", "service_en", "hall", "time"]

    /// Compared on reload: the sentences are tuples, which Swift cannot make equatable by itself.
    public static func == (lhs: VoiceLayout, rhs: VoiceLayout) -> Bool {
        lhs.name == rhs.name && lhs.file == rhs.file && lhs.repeats == rhs.repeats && lhs.sentences.count == rhs.sentences.count
            && lhs.sentences.allSatisfy { kind, sentence in rhs.sentences[kind].map { $0 == sentence } ?? false }
    }

    public static func load(path: String, name: String) throws(ConfigurationError) -> VoiceLayout {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, message: "cannot read the voice layout: \(error.localizedDescription)")
        }
        return try parse(text, file: path, name: name)
    }

    public static func parse(_ text: String, file: String, name: String) throws(ConfigurationError) -> VoiceLayout {
        var top = try ConfigurationNode.parse(text, file: file, what: "a voice layout")
        var sentences: [Kind: (zh: String, en: String?)] = [:]
        for kind in Kind.allCases {
            guard let zh = try top.optionalString(kind.rawValue) else {
                if kind == .call { throw top.error("a voice layout needs a call sentence") }
                continue
            }
            let en = try top.optionalString(kind.rawValue + "_en")
            for (key, sentence) in [(kind.rawValue, zh), (kind.rawValue + "_en", en ?? "")] {
                try FieldTemplate.check(sentence, fields: fields, in: top, key: key)
            }
            sentences[kind] = (zh, en)
        }
        let layout = VoiceLayout(name: name, file: file, sentences: sentences, repeats: try top.int("repeat", default: 2, range: 1...5))
        try top.finish()
        return layout
    }

    /// The sentences to say for `kind`, in order (Chinese, then English when `english`), with
    /// the number read by `reading`; nil when the layout has no sentence for it.
    public func sentences(_ kind: Kind, values: [String: String], reading: NumberReading, english: Bool) -> [Sentence]? {
        guard let (zh, en) = sentences[kind] else { return nil }
        var chinese = values
        chinese["number"] = values["number"].map(reading.chinese)
        chinese["window"] = values["window"].flatMap(Int.init).map(NumberReading.chineseValue) ?? values["window"]
        var said = [Sentence(text: FieldTemplate.fill(zh, chinese), language: .chinese)]
        if english, let en {
            var english = values
            english["number"] = values["number"].map(reading.english)
            said.append(Sentence(text: FieldTemplate.fill(en, english), language: .english))
        }
        return said
    }
}

/// One sentence to say, and its language (the synthesizer's voice).
public struct Sentence: Sendable, Equatable {
    public enum Language: String, Sendable { case chinese, english }
    public var text: String
    public var language: Language

    public init(text: String, language: Language) {
        self.text = text
        self.language = language
    }
}
