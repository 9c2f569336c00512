import CUdev
import Foundation
import HallDevices

#if canImport(Glibc)
import Glibc
#endif

/// Finds the hall's devices through libudev: an enumeration at start, then the add, remove and
/// change events of a udev monitor, read on a thread that sleeps in poll() until one comes.
public final class UdevDiscovery: Sendable {
    public enum Change: Sendable, Equatable {
        case added(DiscoveredDevice)
        case removed(syspath: String)
        case changed(DiscoveredDevice)
    }

    /// The subsystems hall hardware shows up in.
    public static let subsystems = ["tty", "input", "usb", "usbmisc", "hidraw"]

    /// Paths from the hall configuration (`/dev/serial/by-path/...`, `/dev/ttyS1`): a device at
    /// one of them is a candidate even when nothing else marks it as hall hardware.
    private let configuredPaths: [String]

    public init(configuredPaths: [String] = []) {
        self.configuredPaths = configuredPaths
    }

    /// The candidate devices present now.
    public func enumerate() -> [DiscoveredDevice] {
        guard let udev = udev_new() else { return [] }
        defer { udev_unref(udev) }
        guard let enumerator = udev_enumerate_new(udev) else { return [] }
        defer { udev_enumerate_unref(enumerator) }
        for subsystem in Self.subsystems { udev_enumerate_add_match_subsystem(enumerator, subsystem) }
        udev_enumerate_scan_devices(enumerator)
        var devices: [DiscoveredDevice] = []
        var entry = udev_enumerate_get_list_entry(enumerator)
        let resolved = resolvedPaths()
        while let current = entry {
            if let syspath = udev_list_entry_get_name(current), let device = udev_device_new_from_syspath(udev, syspath) {
                if let discovered = Self.describe(device, resolved: resolved) { devices.append(discovered) }
                udev_device_unref(device)
            }
            entry = udev_list_entry_get_next(current)
        }
        return devices
    }

    /// Changes from now on, until the stream is dropped. The monitor is open when this returns,
    /// so nothing between an enumeration and this call is missed if it is called first.
    public func changes() -> AsyncStream<Change> {
        let (stream, continuation) = AsyncStream.makeStream(of: Change.self)
        guard let udev = udev_new(), let monitor = udev_monitor_new_from_netlink(udev, "udev") else {
            continuation.finish()
            return stream
        }
        for subsystem in Self.subsystems { udev_monitor_filter_add_match_subsystem_devtype(monitor, subsystem, nil) }
        udev_monitor_enable_receiving(monitor)
        // A socket pair, not a pipe: each side is closed by its owner, and a stop sent after the
        // reading thread has gone fails with EPIPE instead of raising SIGPIPE.
        var wake: [Int32] = [0, 0]
        socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &wake)
        let stopWriter = wake[1]
        continuation.onTermination = { _ in
            var byte: UInt8 = 1
            _ = send(stopWriter, &byte, 1, Int32(MSG_NOSIGNAL))
            close(stopWriter)
        }
        let box = MonitorBox(udev: udev, monitor: monitor, stopReader: wake[0])
        let resolved = resolvedPaths()
        Thread.detachNewThread {
            box.run(continuation: continuation, resolved: resolved)
        }
        return stream
    }

    /// Configured paths with their symlinks resolved, to compare with device nodes.
    private func resolvedPaths() -> [String: String] {
        var resolved: [String: String] = [:]
        for path in configuredPaths {
            if let real = realpath(path, nil) {
                resolved[String(cString: real)] = path
                free(real)
            }
        }
        return resolved
    }

    /// Turns a udev device into a `DiscoveredDevice`, or nil when it is not a candidate.
    static func describe(_ device: OpaquePointer, resolved: [String: String]) -> DiscoveredDevice? {
        guard let subsystem = string(udev_device_get_subsystem(device)), let syspath = string(udev_device_get_syspath(device)) else {
            return nil
        }
        let devnode = string(udev_device_get_devnode(device))
        var properties: [String: String] = [:]
        var entry = udev_device_get_properties_list_entry(device)
        while let current = entry {
            if let name = string(udev_list_entry_get_name(current)) { properties[name] = string(udev_list_entry_get_value(current)) ?? "" }
            entry = udev_list_entry_get_next(current)
        }
        var links: [String] = []
        entry = udev_device_get_devlinks_list_entry(device)
        while let current = entry {
            if let link = string(udev_list_entry_get_name(current)) { links.append(link) }
            entry = udev_list_entry_get_next(current)
        }
        if let devnode, let configured = resolved[devnode], !links.contains(configured) { links.append(configured) }
        let atConfiguredPath = devnode.map { resolved[$0] != nil } ?? false

        let devtype = string(udev_device_get_devtype(device))
        var vendor = properties["ID_VENDOR_ID"].flatMap { Int($0, radix: 16) }
        var product = properties["ID_MODEL_ID"].flatMap { Int($0, radix: 16) }
        if subsystem == "usb" {
            guard devtype == "usb_device" || properties["DEVTYPE"] == "usb_device" else { return nil }
            // Hubs are the machine's own plumbing.
            if string(udev_device_get_sysattr_value(device, "bDeviceClass")) == "09" { return nil }
            vendor = vendor ?? string(udev_device_get_sysattr_value(device, "idVendor")).flatMap { Int($0, radix: 16) }
            product = product ?? string(udev_device_get_sysattr_value(device, "idProduct")).flatMap { Int($0, radix: 16) }
            guard vendor != nil else { return nil }
        } else if subsystem == "input" {
            guard devnode?.contains("/event") == true else { return nil }
            guard properties["ID_BUS"] == "usb" || atConfiguredPath else { return nil }
        } else {
            guard devnode != nil, properties["ID_BUS"] == "usb" || atConfiguredPath else { return nil }
        }
        let interface = properties["ID_USB_INTERFACE_NUM"].flatMap { Int($0, radix: 16) }
        return DiscoveredDevice(
            syspath: syspath, subsystem: subsystem, devnode: devnode, links: links, usbVendor: vendor, usbProduct: product,
            usbInterface: interface, properties: properties)
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String? { pointer.map { String(cString: $0) } }
}

/// The monitor's C handles, used by its one reading thread only.
private final class MonitorBox: @unchecked Sendable {
    let udev: OpaquePointer
    let monitor: OpaquePointer
    let stopReader: Int32

    init(udev: OpaquePointer, monitor: OpaquePointer, stopReader: Int32) {
        self.udev = udev
        self.monitor = monitor
        self.stopReader = stopReader
    }

    func run(continuation: AsyncStream<UdevDiscovery.Change>.Continuation, resolved: [String: String]) {
        defer {
            udev_monitor_unref(monitor)
            udev_unref(udev)
            close(stopReader)
            continuation.finish()
        }
        let descriptor = udev_monitor_get_fd(monitor)
        var watched = [
            pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0), pollfd(fd: stopReader, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            // Sleeps until udev or the stop pipe speaks: no polling loop.
            guard poll(&watched, 2, -1) >= 0 || errno == EINTR else { return }
            if watched[1].revents != 0 { return }
            guard watched[0].revents != 0, let device = udev_monitor_receive_device(monitor) else { continue }
            defer { udev_device_unref(device) }
            let action = UdevDiscovery.string(udev_device_get_action(device)) ?? ""
            if action == "remove" {
                if let syspath = UdevDiscovery.string(udev_device_get_syspath(device)) { continuation.yield(.removed(syspath: syspath)) }
            } else if let discovered = UdevDiscovery.describe(device, resolved: resolved) {
                continuation.yield(action == "add" ? .added(discovered) : .changed(discovered))
            }
        }
    }
}
