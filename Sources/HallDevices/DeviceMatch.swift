/// How a profile recognises its device among what udev reports.
public struct DeviceMatch: Sendable, Equatable {
    /// udev subsystem: tty, input, usb, usbmisc, hidraw.
    public var subsystem: String?
    public var usbVendor: Int?
    public var usbProduct: Int?
    public var usbInterface: Int?
    /// Further udev properties that must be equal, such as `ID_INPUT_KEYBOARD: "1"`.
    public var properties: [String: String]
    /// True when the device cannot be told apart by udev (a native UART, an RS-485 adapter
    /// shared by many models): the hall configuration binds it by path.
    public var byConfiguredPath: Bool

    public init(
        subsystem: String? = nil, usbVendor: Int? = nil, usbProduct: Int? = nil, usbInterface: Int? = nil,
        properties: [String: String] = [:], byConfiguredPath: Bool = false
    ) {
        self.subsystem = subsystem
        self.usbVendor = usbVendor
        self.usbProduct = usbProduct
        self.usbInterface = usbInterface
        self.properties = properties
        self.byConfiguredPath = byConfiguredPath
    }

    /// Whether a discovered device is this model.
    public func matches(_ device: DiscoveredDevice) -> Bool {
        guard !byConfiguredPath || usbVendor != nil else { return false }
        if let subsystem, subsystem != device.subsystem { return false }
        if let usbVendor, device.usbVendor != usbVendor { return false }
        if let usbProduct, device.usbProduct != usbProduct { return false }
        if let usbInterface, device.usbInterface != usbInterface { return false }
        for (key, value) in properties where device.properties[key] != value { return false }
        return usbVendor != nil || !properties.isEmpty
    }
}
