import Foundation

/// A device as udev reports it, reduced to what matching and binding need.
public struct DiscoveredDevice: Sendable, Equatable, Codable {
    public var syspath: String
    public var subsystem: String
    /// `/dev/ttyUSB0`, `/dev/input/event3`, `/dev/bus/usb/001/004`; nil for devices without a node.
    public var devnode: String?
    /// Stable links udev made: `/dev/serial/by-id/...`, `/dev/input/by-path/...`.
    public var links: [String]
    public var usbVendor: Int?
    public var usbProduct: Int?
    public var usbInterface: Int?
    /// udev properties (ID_PATH, ID_SERIAL_SHORT, ID_INPUT_KEYBOARD ...).
    public var properties: [String: String]

    public init(
        syspath: String, subsystem: String, devnode: String?, links: [String] = [], usbVendor: Int? = nil, usbProduct: Int? = nil,
        usbInterface: Int? = nil, properties: [String: String] = [:]
    ) {
        self.syspath = syspath
        self.subsystem = subsystem
        self.devnode = devnode
        self.links = links
        self.usbVendor = usbVendor
        self.usbProduct = usbProduct
        self.usbInterface = usbInterface
        self.properties = properties
    }

    /// Whether the device answers to a configured path: its node or one of its links.
    public func isAt(_ path: String) -> Bool { devnode == path || links.contains(path) }

    /// `1eab:8306` for the technician.
    public var usbID: String? {
        guard let usbVendor, let usbProduct else { return nil }
        return String(format: "%04x:%04x", usbVendor, usbProduct)
    }
}
