/// A place in the hall configuration a device fills: kiosk K1's reader, bus 1's adapter.
public struct DeviceRole: Sendable, Equatable, Codable {
    /// `K1.reader`, `bus1`.
    public var id: String
    /// The profile id the device must have, `id-readers/generic-sam-usb-0400-c35a`.
    public var profile: String
    /// A device node or stable link the device must be at, `/dev/serial/by-path/...`.
    public var path: String?
    /// udev properties the device must have, such as `ID_PATH` for a USB port.
    public var properties: [String: String]

    public init(id: String, profile: String, path: String? = nil, properties: [String: String] = [:]) {
        self.id = id
        self.profile = profile
        self.path = path
        self.properties = properties
    }

    /// Whether a device of the right profile is the one meant here.
    public func accepts(_ device: DiscoveredDevice) -> Bool {
        if let path, !device.isAt(path) { return false }
        return properties.allSatisfy { device.properties[$0.key] == $0.value }
    }
}
