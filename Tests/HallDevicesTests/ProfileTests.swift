import Foundation
import HallCore
import HallDevices
import Testing

@Suite("Device profiles")
struct ProfileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    static let directory = root.appendingPathComponent("Devices").path

    @Test("every profile's source is in this repository's docs (a section that exists) or a public document, never a path outside it")
    func sources() throws {
        let catalog = try ProfileCatalog.load(directory: Self.directory)
        let notes = try String(contentsOf: Self.root.appendingPathComponent("docs/protocols.md"), encoding: .utf8)
        // GitHub's anchors: a heading in lower case, spaces as hyphens, punctuation dropped.
        let anchors = Set(
            notes.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { heading in
                String(
                    heading.dropFirst(3).lowercased().replacingOccurrences(of: " ", with: "-")
                        .filter { $0.isLetter || $0.isNumber || $0 == "-" })
            })
        for profile in catalog.profiles {
            #expect(!profile.source.contains("../"), "\(profile.id): \(profile.source)")
            if profile.source.hasPrefix("docs/protocols.md#") {
                let anchor = profile.source.dropFirst("docs/protocols.md#".count).prefix { !$0.isWhitespace }
                #expect(anchors.contains(String(anchor)), "\(profile.id) names no section of docs/protocols.md: \(anchor)")
            }
        }
    }

    @Test("every shipped profile loads, and the families the hall needs are covered")
    func shippedProfiles() throws {
        let catalog = try ProfileCatalog.load(directory: Self.directory)
        let drivers = catalog.profiles.map(\.driver)
        #expect(catalog.profiles.filter { $0.family == .idReaders }.count >= 2)
        #expect(
            catalog.profiles.contains {
                $0.driver == .samIDReader && $0.transport.kind == .usbBulk && $0.match.usbVendor == 0x0400 && $0.match.usbProduct == 0xC35A
            })
        #expect(catalog.profiles.contains { $0.driver == .samIDReader && $0.transport.kind == .serial })
        #expect(drivers.contains(.evdevScanner) && drivers.contains(.serialScanner))
        #expect(catalog.profiles.contains { $0.driver == .serialScanner && $0.match.usbVendor == 0x1EAB && $0.match.usbProduct == 0x8306 })
        #expect(
            Set(catalog.profiles.filter { $0.family == .printers }.compactMap { $0.parameters["paper_mm"] }) == [
                .integer(58), .integer(80),
            ])
        #expect(drivers.contains(.ledTable) && drivers.contains(.ledAlpha) && drivers.contains(.ledModbus))
        #expect(drivers.contains(.keypadTable))
        #expect(catalog.profiles.allSatisfy { !$0.source.isEmpty })
        let alpha = try #require(catalog.profile("boards/alpha-sign"))
        #expect(alpha.transport.serial == SerialSettings(baud: 9600, dataBits: 7, parity: .even, stopBits: 2, readTimeoutMilliseconds: 500))
        let keypad = try #require(catalog.profile("keypads/generic-dlt645-keypad"))
        guard case .keyMap(let keys)? = keypad.parameters["keys"] else {
            Issue.record("no key map")
            return
        }
        #expect(keys[0x01] == "call-next")
    }

    @Test("each family's README documents every key its drivers take")
    func readmesDocumentKeys() throws {
        let common = try String(contentsOfFile: Self.directory + "/README.md", encoding: .utf8)
        for keyword in [
            "vendor", "model", "driver", "match", "transport", "protocol", "quirks", "source", "subsystem", "usb", "properties",
            "configured_path", "kind", "baud", "endpoint_in", "unconfirmed",
        ] {
            #expect(common.contains("`\(keyword)`"), "Devices/README.md lacks \(keyword)")
        }
        for family in DeviceFamily.allCases {
            let readme = try String(contentsOfFile: "\(Self.directory)/\(family.rawValue)/README.md", encoding: .utf8)
            for driver in DriverKind.allCases where driver.family == family {
                #expect(readme.contains("`\(driver.rawValue)`"), "\(family.rawValue)/README.md lacks driver \(driver.rawValue)")
                for key in driver.parameters.keys {
                    #expect(readme.contains("`\(key)`"), "\(family.rawValue)/README.md lacks key \(key)")
                }
            }
        }
    }

    static let valid = """
        vendor: test
        model: test scanner
        driver: serial-scanner
        match:
          usb: {vendor: "1eab", product: "8306"}
        transport:
          kind: serial
          baud: 115200
        protocol:
          encoding: auto
        source: a test
        """

    func error(_ text: String, family: DeviceFamily = .scanners) -> String {
        do {
            _ = try DeviceProfile.parse(text, file: "scanners/test.yaml", id: "scanners/test", family: family)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test(
        "a malformed profile names the file, the line and the key",
        arguments: [
            ("driver: serial-scanner", "driver: laser-scanner", #"scanners/test.yaml:3:9: unknown driver "laser-scanner""#),
            ("baud: 115200", "baud: 115201", "scanners/test.yaml:8:9: baud 115201 is not one termios can set"),
            ("encoding: auto", "encoding: auto\n  colour: red", #"scanners/test.yaml:11:3: unknown key "colour""#),
            ("encoding: auto", "encodings: auto", #"unknown key "encodings" (did you mean "encoding"?)"#),
            ("kind: serial", "kind: evdev", "driver serial-scanner does not run over evdev"),
            (#"usb: {vendor: "1eab", product: "8306"}"#, #"usb: {vendor: "1eab"}"#, "match.usb needs both vendor and product"),
            (#"usb: {vendor: "1eab", product: "8306"}"#, #"usb: {vendor: "xyz", product: "8306"}"#, "vendor must be a hexadecimal number"),
            ("source: a test", "", #"missing key "source""#),
        ])
    func malformed(old: String, new: String, expected: String) {
        let message = error(Self.valid.replacingOccurrences(of: old, with: new))
        #expect(message.contains(expected), "got: \(message)")
    }

    @Test("a profile in the wrong family folder is refused")
    func wrongFamily() {
        #expect(error(Self.valid, family: .boards).contains("driver serial-scanner runs scanners, but the profile is in boards/"))
    }

    @Test("the committed udev rules are what hallctl udev-rules generates")
    func udevRulesUpToDate() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("systemd/70-hallqueue.rules"), encoding: .utf8)
        #expect(
            committed == UdevRules.generate(try ProfileCatalog.load(directory: Self.directory)),
            "run: hallctl udev-rules > systemd/70-hallqueue.rules")
    }
}
