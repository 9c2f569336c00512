import Foundation
import HallCore
import HallYAML

/// One supported device model, read from `Devices/<family>/<vendor>-<model>.yaml`.
public struct DeviceProfile: Sendable, Equatable {
    /// `<family>/<file name without .yaml>`, e.g. `scanners/newland-fr40-cdc`.
    public var id: String
    public var family: DeviceFamily
    public var vendor: String
    public var model: String
    public var driver: DriverKind
    public var match: DeviceMatch
    public var transport: TransportSettings
    public var parameters: [String: ParameterValue]
    public var quirks: [String]
    /// Where the facts came from.
    public var source: String
    /// Some of its identifiers (USB ids, endpoints, the mode it ships in) could not be checked
    /// against the device or a public document: `hallctl check-profiles` says so.
    public var unconfirmed = false

    /// Reads and validates a profile; errors name the file, line and key.
    public static func parse(_ text: String, file: String, id: String, family: DeviceFamily) throws(ConfigurationError) -> DeviceProfile {
        var top = try ConfigurationNode.parse(text, file: file, what: "a device profile")
        let vendor = try top.string("vendor")
        let model = try top.string("model")
        let driverName = try top.string("driver")
        guard let driver = DriverKind(rawValue: driverName) else {
            throw top.error(
                at: "driver", "unknown driver \"\(driverName)\" (drivers: \(DriverKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard driver.family == family else {
            throw top.error(at: "driver", "driver \(driverName) runs \(driver.family.rawValue), but the profile is in \(family.rawValue)/")
        }
        let source = try top.string("source")
        if source.trimmingCharacters(in: .whitespaces).isEmpty {
            throw top.error(at: "source", "source must say where the facts came from")
        }
        let quirks = try top.strings("quirks") ?? []
        let unconfirmed = try top.bool("unconfirmed", default: false)

        var matchNode = try top.requiredMapping("match")
        var match = DeviceMatch(
            subsystem: try matchNode.choice("subsystem", ["tty", "input", "usb", "usbmisc", "hidraw"]),
            byConfiguredPath: try matchNode.bool("configured_path", default: false))
        if var usb = try matchNode.mapping("usb") {
            match.usbVendor = try usb.hex("vendor", range: 0...0xFFFF)
            match.usbProduct = try usb.hex("product", range: 0...0xFFFF)
            match.usbInterface = try usb.optionalInt("interface", range: 0...31)
            guard match.usbVendor != nil, match.usbProduct != nil else { throw usb.error("match.usb needs both vendor and product") }
            try usb.finish()
        }
        for (key, value, _) in try matchNode.pairs("properties") { match.properties[key] = value }
        if match.usbVendor == nil && match.properties.isEmpty && !match.byConfiguredPath {
            throw matchNode.error("match needs usb vendor and product, udev properties, or configured_path: true")
        }
        try matchNode.finish()

        var transportNode = try top.requiredMapping("transport")
        let kindName = try transportNode.string("kind")
        guard let kind = TransportKind(rawValue: kindName) else {
            throw transportNode.error(
                at: "kind", "unknown transport \"\(kindName)\" (\(TransportKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard driver.transports.contains(kind) else {
            throw transportNode.error(at: "kind", "driver \(driverName) does not run over \(kindName)")
        }
        var transport = TransportSettings(
            kind: kind, timeoutMilliseconds: try transportNode.int("timeout_ms", default: 1000, range: 10...60_000))
        switch kind {
        case .serial:
            transport.serial = try SerialSettings.parse(&transportNode)
        case .usbBulk:
            transport.usbInterface = try transportNode.int("interface", default: 0, range: 0...31)
            transport.endpointIn = try transportNode.hex("endpoint_in", range: 0x80...0x8F)
            transport.endpointOut = try transportNode.hex("endpoint_out", range: 0x00...0x0F)
            guard transport.endpointIn != nil, transport.endpointOut != nil else {
                throw transportNode.error("usb-bulk needs endpoint_in (0x81..0x8f) and endpoint_out (0x01..0x0f)")
            }
        case .evdev, .cups:
            break
        }
        try transportNode.finish()

        var parameters: [String: ParameterValue] = [:]
        if var protocolNode = try top.mapping("protocol") {
            let schema = driver.parameters
            for key in schema.keys.sorted() where protocolNode.has(key) {
                parameters[key] = try Self.parameter(key, schema[key]!, in: &protocolNode)
            }
            try protocolNode.finish(known: Set(schema.keys))
        }
        try top.finish()
        var profile = DeviceProfile(
            id: id, family: family, vendor: vendor, model: model, driver: driver, match: match, transport: transport,
            parameters: parameters, quirks: quirks, source: source)
        profile.unconfirmed = unconfirmed
        if let mistake = profile.boardMistake { throw top.error(at: "protocol", mistake) }
        return profile
    }

    /// A protocol parameter's value, when the profile sets it.
    public func bytes(_ key: String) -> [UInt8]? { if case .bytes(let value)? = parameters[key], !value.isEmpty { value } else { nil } }
    public func integer(_ key: String) -> Int? { if case .integer(let value)? = parameters[key] { value } else { nil } }
    public func word(_ key: String) -> String? { if case .word(let value)? = parameters[key] { value } else { nil } }
    public func flag(_ key: String) -> Bool? { if case .flag(let value)? = parameters[key] { value } else { nil } }

    private static func parameter(_ key: String, _ kind: ParameterKind, in node: inout ConfigurationNode) throws(ConfigurationError)
        -> ParameterValue
    {
        switch kind {
        case .bytes: return .bytes(try node.bytes(key) ?? [])
        case .integer(let range): return .integer(try node.int(key, range: range))
        case .choice(let words): return .word(try node.choice(key, words) ?? "")
        case .flag: return .flag(try node.bool(key, default: false))
        case .text: return .word(try node.string(key))
        case .keyMap(let actions):
            var map: [UInt8: String] = [:]
            for (code, action, place) in try node.pairs(key) {
                let digits = code.lowercased().hasPrefix("0x") ? String(code.dropFirst(2)) : code
                guard let byte = UInt8(digits, radix: 16) else {
                    throw ConfigurationError.at(place, file: node.file, "\(key): \"\(code)\" is not a hex key code such as 0x01")
                }
                guard actions.contains(action) else {
                    throw ConfigurationError.at(
                        place, file: node.file, "\(key): unknown action \"\(action)\" (\(actions.joined(separator: ", ")))")
                }
                map[byte] = action
            }
            return .keyMap(map)
        }
    }
}

extension SerialSettings {
    static func parse(_ node: inout ConfigurationNode) throws(ConfigurationError) -> SerialSettings {
        let baud = try node.int("baud", default: 9600, range: 50...4_000_000)
        guard standardBauds.contains(baud) else {
            throw node.error(
                at: "baud", "baud \(baud) is not one termios can set (\(standardBauds.map(String.init).joined(separator: ", ")))")
        }
        return SerialSettings(
            baud: baud, dataBits: try node.int("data_bits", default: 8, range: 5...8),
            parity: Parity(rawValue: try node.choice("parity", Parity.allCases.map(\.rawValue)) ?? "none") ?? .none,
            stopBits: try node.int("stop_bits", default: 1, range: 1...2),
            flowControl: FlowControl(rawValue: try node.choice("flow_control", FlowControl.allCases.map(\.rawValue)) ?? "none") ?? .none,
            readTimeoutMilliseconds: try node.int("read_timeout_ms", default: 500, range: 1...60_000))
    }
}
