import ArgumentParser
import Foundation
import HallAPIModels
import HallClient
import HallCore
import HallDevices
import HallYAML

/// `hallctl devices`: the hall's devices and their health, once or live.
struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The hall's devices and their health (--watch follows changes).")
    @OptionGroup var daemon: DaemonConnection
    @Flag(help: "Keep running and print each device change as it happens.") var watch = false

    func run() throws {
        try Hallctl.guarded {
            daemon.show(try daemon.call { try $0.devices() }) { devices in
                var table = Table(header: ["ID", "ROLE", "MODEL", "PATH", "STATE", "REASON", "SINCE"])
                for device in devices {
                    table.rows.append([
                        device.id, device.role ?? "-", device.model ?? "-", device.path ?? "-", device.state.rawValue, device.reason,
                        Self.time(device.since),
                    ])
                }
                return table.text
            }
            guard watch else { return }
            try daemon.follow { type, data in
                guard type == "device.changed", let event = try? JSONSerialization.jsonObject(with: Data(data.utf8)) else { return }
                if daemon.json {
                    print(data)
                } else {
                    print(
                        "\(Self.time(field(event, "at")))  \(field(event, "device"))  \(field(event, "state"))  \(field(event, "reason"))")
                }
                FileHandle.standardOutput.synchronizeFile()
            }
        }
    }

    /// `2026-11-29T03:07:28Z` as local `11:07:28`.
    static func time(_ iso: String) -> String {
        ISO8601DateFormatter().date(from: iso).map(time) ?? iso
    }

    /// A time as local `11:07:28`.
    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: date)
    }
}

/// `hallctl udev-rules`: the rules that give hallqd its devices, from the profiles.
struct UdevRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "udev-rules", abstract: "Print udev rules for every profiled device (for /etc/udev/rules.d).")
    @Option(help: "The device profile folder.") var devices = "Devices"
    @Option(help: "The group the daemon runs in.") var group = "hallqd"

    func run() throws {
        try Hallctl.guarded {
            do {
                print(UdevRules.generate(try ProfileCatalog.load(directory: devices), group: group), terminator: "")
            } catch let error as ConfigurationError {
                throw CLIError(error.description, exitCode: 2)
            }
        }
    }
}

/// `hallctl check-profiles`: validate the device profiles without a daemon.
struct CheckProfiles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-profiles", abstract: "Validate the device profiles in a Devices/ folder.")
    @Option(help: "The device profile folder.") var devices = "Devices"

    func run() throws {
        try Hallctl.guarded {
            do {
                let catalog = try ProfileCatalog.load(directory: devices)
                for profile in catalog.profiles.sorted(by: { $0.id < $1.id }) {
                    let identity =
                        profile.match.usbVendor.map { String(format: "usb %04x:%04x", $0, profile.match.usbProduct ?? 0) }
                        ?? (profile.match.byConfiguredPath ? "by configured path" : "udev properties")
                    let caveat = profile.unconfirmed ? "  (未确认 / unconfirmed)" : ""
                    print("\(profile.id)  \(profile.driver.rawValue) over \(profile.transport.kind.rawValue), \(identity)\(caveat)")
                }
                let unconfirmed = catalog.profiles.filter(\.unconfirmed).count
                print("\(devices): \(catalog.profiles.count) profiles ok, \(unconfirmed) unconfirmed")
            } catch let error as ConfigurationError {
                throw CLIError(error.description, exitCode: 2)
            }
        }
    }
}
