import Foundation
import Logging

/// One line per log record on stdout, `key=value` pairs after the message. Under systemd the
/// line starts with the syslog priority (`<6>`), which journald reads as the record's level.
struct JournaldLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String
    let underJournald: Bool

    init(label: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.label = label
        underJournald = environment["JOURNAL_STREAM"] != nil
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = underJournald ? "<\(Self.priority(event.level))>" : Date().formatted(.iso8601) + " "
        line += "level=\(event.level) msg=\(Self.quoted(event.message.description))"
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() {
            line += " \(key)=\(Self.quoted(merged[key]!.description))"
        }
        line += "\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    private static func quoted(_ text: String) -> String {
        text.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) || text.isEmpty
            ? "\""
                + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(
                    of: "\n", with: "\\n") + "\""
            : text
    }

    private static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
