import Foundation
import HallCore

/// Every device of the hall and its health. Discovery reports devices coming and going;
/// drivers report traffic and errors; each state change goes to `onChange` (the daemon turns
/// it into a hall event).
public actor DeviceRegistry {
    /// Checks a newly found device can be used; returns why not, or nil.
    public typealias Probe = @Sendable (DiscoveredDevice, DeviceProfile) -> String?

    private var catalog: ProfileCatalog
    private var roles: [DeviceRole]
    private let probe: Probe
    private let clock: @Sendable () -> Date
    private let onChange: @Sendable (DeviceStatus) async -> Void
    private var entries: [String: DeviceStatus] = [:]
    private var recentErrors: [String: [Date]] = [:]
    /// The latest state changes, oldest first, for a technician's support bundle.
    public private(set) var history: [DeviceStatus] = []
    public static let historyLength = 500

    /// Errors within `errorWindow` seconds that make a device faulted rather than degraded.
    public static let faultThreshold = 5
    public static let errorWindow: TimeInterval = 10

    public init(
        catalog: ProfileCatalog, roles: [DeviceRole], probe: @escaping Probe = { _, _ in nil },
        clock: @escaping @Sendable () -> Date = Date.init, onChange: @escaping @Sendable (DeviceStatus) async -> Void = { _ in }
    ) {
        self.catalog = catalog
        self.roles = roles
        self.probe = probe
        self.clock = clock
        self.onChange = onChange
        let now = clock()
        for role in roles { entries[role.id] = Self.absent(role, catalog: catalog, at: now, reason: "not found yet") }
    }

    public var statuses: [DeviceStatus] { entries.values.sorted { $0.id < $1.id } }

    public func status(_ id: String) -> DeviceStatus? { entries[id] }

    /// A device appeared (at start or plugged in).
    public func added(_ device: DiscoveredDevice) async {
        // Enumeration and a monitor event may both report a device; bind it once.
        if entries.values.contains(where: { $0.syspath == device.syspath && $0.state != .absent }) { return }
        let role = roles.first { role in
            role.accepts(device) && !isPresent(role.id)
                && (catalog.profile(role.profile).map { $0.match.matches(device) || role.path != nil } ?? false)
        }
        let profile = role.flatMap { catalog.profile($0.profile) } ?? catalog.profile(for: device)
        if profile == nil && device.subsystem == "usb"
            && catalog.profiles.contains(where: { $0.match.usbVendor == device.usbVendor && $0.match.usbProduct == device.usbProduct })
        {
            // The USB parent of a device known by its tty or input child.
            return
        }
        let node = (device.devnode ?? device.syspath).split(separator: "/").last.map(String.init) ?? device.syspath
        var status = DeviceStatus(
            id: role?.id ?? "\(profile?.id ?? "unknown")@\(node)", role: role?.id, profile: profile?.id, model: profile?.model,
            path: device.devnode, usbID: device.usbID, state: .ready, reason: "", since: clock(), syspath: device.syspath)
        if let previous = entries[status.id] {
            (status.bytesIn, status.bytesOut, status.frames, status.errors) = (
                previous.bytesIn, previous.bytesOut, previous.frames, previous.errors
            )
        }
        if let profile {
            if let fault = probe(device, profile) {
                status.state = .faulted
                status.reason = fault
                status.lastError = fault
            } else {
                status.reason =
                    role == nil ? "recognised (\(profile.model)) but not bound to a role in the hall configuration" : "connected"
            }
        } else {
            status.state = .unknown
            status.reason = "no profile in Devices/ matches \(device.usbID ?? device.subsystem)"
        }
        await publish(status)
    }

    /// A device went away (unplugged, or its driver unbound).
    public func removed(syspath: String) async {
        for status in entries.values where status.syspath == syspath && status.state != .absent {
            if let roleID = status.role, let role = roles.first(where: { $0.id == roleID }) {
                var gone = Self.absent(role, catalog: catalog, at: clock(), reason: "unplugged")
                (gone.bytesIn, gone.bytesOut, gone.frames, gone.errors, gone.lastError) = (
                    status.bytesIn, status.bytesOut, status.frames, status.errors, status.lastError
                )
                await publish(gone)
            } else {
                entries[status.id] = nil
                var gone = status
                gone.state = .absent
                gone.reason = "unplugged"
                gone.since = clock()
                await changed(gone)
            }
        }
    }

    /// A device with no node of its own (a board on a bus) is reachable through `path`'s
    /// device, found at `syspath`: it leaves with it.
    public func attached(_ id: String, path: String, syspath: String) async {
        guard let role = roles.first(where: { $0.id == id }), entries[id]?.state == .absent else { return }
        var status = Self.absent(role, catalog: catalog, at: clock(), reason: "connected")
        status.state = .ready
        status.path = path
        status.syspath = syspath
        if let previous = entries[id] {
            (status.bytesIn, status.bytesOut, status.frames, status.errors) = (
                previous.bytesIn, previous.bytesOut, previous.frames, previous.errors
            )
        }
        await publish(status)
    }

    /// Traffic a driver moved, for the counters.
    public func noteTraffic(_ id: String, bytesIn: Int = 0, bytesOut: Int = 0, frames: Int = 0) {
        entries[id]?.bytesIn += bytesIn
        entries[id]?.bytesOut += bytesOut
        entries[id]?.frames += frames
    }

    /// A driver's error: a bad frame, a timeout, garbage. A few make the device degraded; many
    /// within the window make it faulted.
    public func noteError(_ id: String, _ message: String) async {
        guard var status = entries[id], status.state != .absent else { return }
        let now = clock()
        var recent = (recentErrors[id] ?? []).filter { now.timeIntervalSince($0) < Self.errorWindow }
        recent.append(now)
        recentErrors[id] = recent
        status.errors += 1
        status.lastError = message
        if recent.count >= Self.faultThreshold {
            if status.state != .faulted {
                status.state = .faulted
                status.reason = "\(recent.count) errors in \(Int(Self.errorWindow)) s, last: \(message)"
                status.since = now
            }
        } else if status.state == .ready {
            status.state = .degraded
            status.reason = message
            status.since = now
        }
        let changed = entries[id]?.state != status.state
        entries[id] = status
        if changed { await self.changed(status) }
    }

    /// What a device says about itself (a printer's state reasons): faulted with the reason,
    /// or ready when `fault` is nil.
    public func report(_ id: String, fault: String?) async {
        guard var status = entries[id], status.state != .absent else { return }
        if let fault {
            guard status.state != .faulted || status.reason != fault else { return }
            status.state = .faulted
            status.reason = fault
            status.lastError = fault
        } else {
            guard status.state == .faulted || status.state == .degraded else { return }
            status.state = .ready
            status.reason = "recovered"
        }
        status.since = clock()
        await publish(status)
    }

    /// The driver works again.
    public func noteRecovered(_ id: String) async {
        guard var status = entries[id], status.state == .degraded || status.state == .faulted else { return }
        recentErrors[id] = []
        status.state = .ready
        status.reason = "recovered"
        status.since = clock()
        await publish(status)
    }

    /// New profiles or roles after a reload: roles that appeared are listed absent until found.
    public func reconfigure(catalog: ProfileCatalog, roles: [DeviceRole]) {
        self.catalog = catalog
        self.roles = roles
        // A role taken out of the configuration is no longer the hall's device.
        for (id, entry) in entries where entry.role.map({ role in !roles.contains { $0.id == role } }) ?? false { entries[id] = nil }
        for role in roles where entries[role.id] == nil {
            entries[role.id] = Self.absent(role, catalog: catalog, at: clock(), reason: "not found yet")
        }
    }

    private func isPresent(_ id: String) -> Bool { entries[id].map { $0.state != .absent } ?? false }

    private func publish(_ status: DeviceStatus) async {
        let changed = entries[status.id].map { $0.state != status.state || $0.reason != status.reason } ?? true
        entries[status.id] = status
        if changed { await self.changed(status) }
    }

    private func changed(_ status: DeviceStatus) async {
        history.append(status)
        if history.count > Self.historyLength { history.removeFirst(history.count - Self.historyLength) }
        await onChange(status)
    }

    private static func absent(_ role: DeviceRole, catalog: ProfileCatalog, at now: Date, reason: String) -> DeviceStatus {
        DeviceStatus(
            id: role.id, role: role.id, profile: role.profile, model: catalog.profile(role.profile)?.model, path: role.path,
            state: .absent, reason: reason, since: now)
    }
}
