import CUSB
import HallDevices

/// A USB device's bulk endpoints through libusb (usbdevfs underneath), as ID card readers
/// with a SAM module use them. The device is the one at `path`, `/dev/bus/usb/BBB/DDD`.
public final class USBBulkPort: ByteTransport {
    public let path: String
    private let context: OpaquePointer
    private let handle: OpaquePointer
    private let interface: Int32
    private let endpointIn: UInt8
    private let endpointOut: UInt8
    private let timeoutMilliseconds: Int

    public init(path: String, settings: TransportSettings) throws(TransportFailure) {
        self.path = path
        let parts = path.split(separator: "/")
        guard parts.count >= 2, let bus = UInt8(parts[parts.count - 2]), let address = UInt8(parts[parts.count - 1]) else {
            throw TransportFailure("\(path) is not a USB device node (/dev/bus/usb/BBB/DDD)", gone: false)
        }
        var context: OpaquePointer?
        guard libusb_init(&context) == 0, let context else { throw TransportFailure("libusb cannot start", gone: false) }
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        defer { if let list { libusb_free_device_list(list, 1) } }
        var device: OpaquePointer?
        for index in 0..<max(0, count) {
            if let candidate = list?[index], libusb_get_bus_number(candidate) == bus, libusb_get_device_address(candidate) == address {
                device = candidate
            }
        }
        guard let device else {
            libusb_exit(context)
            throw TransportFailure("no USB device at \(path)", gone: true)
        }
        var handle: OpaquePointer?
        let opened = libusb_open(device, &handle)
        guard opened == 0, let handle else {
            libusb_exit(context)
            throw TransportFailure("cannot open \(path): \(Self.describe(opened))", gone: true)
        }
        interface = Int32(settings.usbInterface ?? 0)
        // Only when a kernel driver holds the interface: detaching goes through an ioctl that
        // is pointless (and under a usbdevfs replay, unsupported) otherwise.
        if libusb_kernel_driver_active(handle, interface) == 1 { libusb_set_auto_detach_kernel_driver(handle, 1) }
        let claimed = libusb_claim_interface(handle, interface)
        guard claimed == 0 else {
            libusb_close(handle)
            libusb_exit(context)
            throw TransportFailure(
                "cannot claim interface \(interface) of \(path): \(Self.describe(claimed))",
                gone: claimed == LIBUSB_ERROR_NO_DEVICE.rawValue)
        }
        self.context = context
        self.handle = handle
        endpointIn = UInt8(settings.endpointIn ?? 0x81)
        endpointOut = UInt8(settings.endpointOut ?? 0x01)
        timeoutMilliseconds = settings.timeoutMilliseconds
    }

    deinit {
        libusb_release_interface(handle, interface)
        libusb_close(handle)
        libusb_exit(context)
    }

    public func read(maximum: Int, timeoutMilliseconds: Int?) throws(TransportFailure) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        var transferred: Int32 = 0
        // libusb takes 0 as "wait forever".
        let timeout = UInt32(max(1, timeoutMilliseconds ?? self.timeoutMilliseconds))
        let result = libusb_bulk_transfer(handle, endpointIn, &buffer, Int32(maximum), &transferred, timeout)
        if result == LIBUSB_ERROR_TIMEOUT.rawValue { return Array(buffer[..<Int(transferred)]) }
        guard result == 0 else { throw failure("read", result) }
        return Array(buffer[..<Int(transferred)])
    }

    public func write(_ bytes: [UInt8]) throws(TransportFailure) {
        var data = bytes
        var transferred: Int32 = 0
        let result = libusb_bulk_transfer(handle, endpointOut, &data, Int32(data.count), &transferred, UInt32(timeoutMilliseconds))
        guard result == 0 else { throw failure("write", result) }
        guard transferred == data.count else { throw TransportFailure("\(path): wrote \(transferred) of \(data.count) bytes", gone: false) }
    }

    private func failure(_ action: String, _ code: Int32) -> TransportFailure {
        TransportFailure(
            "\(path) \(action) failed: \(Self.describe(code))",
            gone: code == LIBUSB_ERROR_NO_DEVICE.rawValue || code == LIBUSB_ERROR_IO.rawValue)
    }

    private static func describe(_ code: Int32) -> String { String(cString: libusb_strerror(code)) }
}
