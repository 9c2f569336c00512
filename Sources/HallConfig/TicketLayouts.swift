import Foundation
import HallCore
import HallDevices
import HallLayout
import HallYAML

/// The ticket layouts a hall prints with, loaded and checked at start: for each service (its
/// own `ticket_layout`, or `default`) and each paper width its kiosks' printers use, the file
/// `<name>-<mm>.yaml`, or `<name>.yaml` when there is none for that paper.
public struct TicketLayouts: Sendable, Equatable {
    public let directory: String
    private var layouts: [String: TicketLayout] = [:]
    /// Service id to layout name.
    private var names: [String: String]

    public static let defaultName = "default"

    /// The layout for a service on paper `mm` wide.
    public func layout(service: String, paperMM: Int) -> TicketLayout? { layouts[Self.key(names[service] ?? Self.defaultName, paperMM)] }

    static func key(_ name: String, _ mm: Int) -> String { "\(name)@\(mm)" }

    /// Loads and checks every layout the hall can print. `papers` maps paper width (mm) to
    /// columns, from the kiosks' printer profiles.
    public static func load(
        directory: String, names: [String: String], papers: [Int: Int], definition: HallDefinition, kiosks: [Kiosk]
    ) throws(ConfigurationError) -> TicketLayouts {
        var result = TicketLayouts(directory: directory, names: names)
        let widest = widestValues(definition, kiosks: kiosks)
        for name in Set(names.values).union([defaultName]) {
            for (mm, columns) in papers {
                let specific = "\(directory)/\(name)-\(mm).yaml"
                let path = FileManager.default.fileExists(atPath: specific) ? specific : "\(directory)/\(name).yaml"
                guard FileManager.default.fileExists(atPath: path) else {
                    throw ConfigurationError(
                        file: path, message: "no ticket layout \(name) for \(mm) mm paper (looked for \(name)-\(mm).yaml and \(name).yaml)")
                }
                let layout = try TicketLayout.load(path: path, name: name)
                try layout.validate(columns: columns, widest: widest)
                result.layouts[key(name, mm)] = layout
            }
        }
        return result
    }

    /// The widest value each field can take in this hall, in columns.
    public static func widestValues(_ definition: HallDefinition, kiosks: [Kiosk]) -> [String: Int] {
        let services = definition.services
        return [
            "number": 2 + 4, "ahead": 4, "wait": 4, "issued": 16, "date": 10, "time": 5, "priority": 4, "holder": 10,
            "hall": TextWidth.columns(definition.name),
            "service": services.map { TextWidth.columns($0.nameZh) }.max() ?? 0,
            "service_en": services.map { TextWidth.columns($0.nameEn) }.max() ?? 0,
            "window_hint": services.map { TextWidth.columns(TicketFields.windowHint(service: $0.id, in: definition)) }.max() ?? 0,
            "kiosk": kiosks.map { TextWidth.columns($0.id) }.max() ?? 0,
            "materials": definition.guides.values.map { TextWidth.columns($0.materialsLine) }.max() ?? 0,
        ]
    }
}

/// The values of a ticket's layout fields.
public enum TicketFields {
    public static func values(_ ticket: Ticket, in hall: Hall, ahead: Int, statusURL: String, kiosk: String?) -> [String: String] {
        let definition = hall.definition
        let service = definition.service(ticket.service)
        let local = LocalTime(ticket.issuedAt, in: definition.policy.timeZone)
        let date = LocalTime.dateString(dayNumber: local.dayNumber)
        return [
            "number": ticket.number.description, "service": service?.nameZh ?? ticket.service, "service_en": service?.nameEn ?? "",
            "ahead": String(ahead), "wait": String(Int((hall.estimatedWait(service: ticket.service, ahead: ahead) / 60).rounded(.up))),
            "issued": "\(date) \(local.clockString)", "date": date, "time": local.clockString, "hall": definition.name,
            "window_hint": windowHint(service: ticket.service, in: definition), "status_url": statusURL, "kiosk": kiosk ?? "",
            "priority": ["green": "绿色通道", "appointment": "预约", "normal": ""][ticket.priority.rawValue] ?? "",
            "materials": definition.guides[ticket.service]?.materialsLine ?? "",
        ]
    }

    /// 请到 8、9 号窗口办理.
    public static func windowHint(service: String, in definition: HallDefinition) -> String {
        let numbers = definition.windows.filter { $0.services.contains(service) }.map { String($0.number) }
        return numbers.isEmpty ? "" : "请到 \(numbers.joined(separator: "、")) 号窗口办理"
    }
}
