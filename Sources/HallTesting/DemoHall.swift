import Foundation

/// `examples/demo-hall.yaml` run from another folder: the paths it gives relative to itself
/// (device profiles, layouts, the calendar) made absolute, its data where `data` says, and the
/// address and scheduler the tests choose.
public enum DemoHall {
    /// The demo's configuration text, for a copy placed anywhere. `data` may be `{data}` (see
    /// `DaemonProcess`); `cups` the stand-in printers' scheduler; the daemon listens on port 0.
    public static func yaml(root: String, data: String, cups: String? = nil) throws -> String {
        var text = try String(contentsOfFile: root + "/examples/demo-hall.yaml", encoding: .utf8)
            .replacingOccurrences(of: "./demo-data", with: data)
            .replacingOccurrences(of: "devices_directory: ../Devices", with: "devices_directory: \(root)/Devices")
            .replacingOccurrences(of: "layouts_directory: ../Layouts", with: "layouts_directory: \(root)/Layouts")
            .replacingOccurrences(of: "guides_directory: ../Guides", with: "guides_directory: \(root)/Guides")
            .replacingOccurrences(of: "calendar_file: calendar-2026.yaml", with: "calendar_file: \(root)/examples/calendar-2026.yaml")
            .replacingOccurrences(of: "listen: 127.0.0.1:8080", with: "listen: 127.0.0.1:0")
        if let cups { text = text.replacingOccurrences(of: "cups_server: 127.0.0.1:8631", with: "cups_server: \(cups)") }
        return text
    }
}
