import HallCore
import HallDevices

/// What a reload would change, key by key, and which of those keys only a restart can apply.
/// Tokens are named by their role, never by their value: the change is logged and shown.
public struct ConfigurationChange: Sendable, Equatable, Codable {
    /// The keys that differ, such as `services.shebao`, `kiosks.K2 (added)`, `buses.bus1.boards.bus1.3`.
    public var changed: [String]
    /// Those among them that the running daemon cannot take: the reload is refused whole.
    public var needsRestart: [String]

    public var isEmpty: Bool { changed.isEmpty }

    public init(changed: [String] = [], needsRestart: [String] = []) {
        self.changed = changed
        self.needsRestart = needsRestart
    }

    public init(from old: HallConfiguration, to new: HallConfiguration) {
        var change = ConfigurationChange()
        func compare<Value: Equatable>(_ key: String, _ a: Value, _ b: Value, restart: Bool = false) {
            guard a != b else { return }
            change.changed.append(key)
            if restart { change.needsRestart.append(key) }
        }
        /// Keyed lists compared item by item: added, removed or changed.
        func items<Item: Equatable>(_ section: String, _ a: [Item], _ b: [Item], id: (Item) -> String) {
            let before = Dictionary(a.map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
            let after = Dictionary(b.map { (id($0), $0) }, uniquingKeysWith: { first, _ in first })
            for key in Set(before.keys).union(after.keys).sorted() {
                switch (before[key], after[key]) {
                case (nil, _?): change.changed.append("\(section).\(key) (added)")
                case (_?, nil): change.changed.append("\(section).\(key) (removed)")
                case (let x?, let y?) where x != y: change.changed.append("\(section).\(key)")
                default: break
                }
            }
        }
        // Where the daemon listens and keeps its data, and the calendar its days follow, are
        // fixed for its life: the journal's days and the hall secret's hashes depend on them.
        compare("api.listen", "\(old.listenHost):\(old.listenPort)", "\(new.listenHost):\(new.listenPort)", restart: true)
        compare("hall.data_directory", old.dataDirectory, new.dataDirectory, restart: true)
        compare("hall.secret_file", old.secretFile, new.secretFile, restart: true)
        compare("hall.time_zone", old.definition.policy.timeZone, new.definition.policy.timeZone, restart: true)
        compare("hall.day_starts_at", old.definition.policy.dayStartMinute, new.definition.policy.dayStartMinute, restart: true)

        compare("hall.name", old.definition.name, new.definition.name)
        compare("hall.calendar_file", old.definition.calendar, new.definition.calendar)
        compare("hall.guides_directory", old.definition.guides, new.definition.guides)
        var oldPolicy = old.definition.policy
        (oldPolicy.timeZone, oldPolicy.dayStartMinute) = (new.definition.policy.timeZone, new.definition.policy.dayStartMinute)
        compare("policy", oldPolicy, new.definition.policy)
        compare("hall.public_url", old.publicURL, new.publicURL)
        compare("hall.cups_server", old.cupsServer, new.cupsServer)
        compare("display.notice", old.displayNotice, new.displayNotice)
        compare("display.show_names", old.displayShowsNames, new.displayShowsNames)
        compare("voice", old.voice, new.voice)
        compare("sms", old.textGateway, new.textGateway)
        compare("ticket layouts", old.ticketLayouts, new.ticketLayouts)
        // Tokens by what they are for, never by their value (or digest).
        let credentials = Set(old.credentials.values).union(new.credentials.values)
        for credential in credentials.sorted(by: { $0.order < $1.order }) {
            compare(
                credential.configurationKey, old.credentials.filter { $0.value == credential }.keys.sorted(),
                new.credentials.filter { $0.value == credential }.keys.sorted())
        }
        items("services", old.definition.services, new.definition.services, id: \.id)
        items("windows", old.definition.windows, new.definition.windows) { "\($0.number)" }
        items("kiosks", old.kiosks, new.kiosks, id: \.id)
        // A role changes with its binding or with its profile's contents.
        items("devices", old.deviceRoles.map { DeviceBinding($0, old.catalog) }, new.deviceRoles.map { DeviceBinding($0, new.catalog) }) {
            $0.role.id
        }
        for (oldBus, newBus) in zip(old.buses, new.buses) where oldBus.id == newBus.id {
            items("buses.\(oldBus.id).boards", oldBus.boards, newBus.boards, id: \.id)
            items("buses.\(oldBus.id).keypads", oldBus.keypads, newBus.keypads, id: \.id)
        }
        items("buses", old.buses.map(BusLink.init), new.buses.map(BusLink.init), id: \.id)
        self = change
    }

    /// A device role with the profile it names, as it would run.
    private struct DeviceBinding: Equatable {
        var role: DeviceRole
        var profile: DeviceProfile?
        init(_ role: DeviceRole, _ catalog: ProfileCatalog) { (self.role, profile) = (role, catalog.profile(role.profile)) }
    }

    /// A bus itself, its boards and keypads aside: its port, its profile, its timing.
    private struct BusLink: Equatable {
        var id: String
        var path: String
        var profile: DeviceProfile
        var timing: [Double]
        init(_ bus: BusConfiguration) {
            (id, path, profile) = (bus.id, bus.path, bus.profile)
            timing = [bus.refreshSeconds, bus.faultAfterSeconds, bus.gapCharacters]
        }
    }
}
