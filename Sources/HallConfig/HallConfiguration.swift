import Foundation
import HallCore
import HallDevices
import HallIdentity
import HallLayout
import HallYAML
import Yams

/// The whole hall configuration file (`/etc/hallqd/hall.yaml`).
public struct HallConfiguration: Sendable, Equatable {
    public var definition: HallDefinition
    public var kiosks: [Kiosk]
    public var listenHost: String
    /// 0 lets the system choose; the daemon reports the port it got.
    public var listenPort: Int
    /// Each configured bearer token, by its digest (`BearerToken.digest`), to what it is for.
    public var credentials: [String: Credential]
    /// The admin token when `hall.yaml` writes it out rather than its digest: `hallctl` on the
    /// hall's PC uses it.
    public var plainAdminToken: String?
    public var dataDirectory: String
    /// The per-hall secret that keys ID number hashes (shared with the booking platform).
    public var secretFile: String
    /// The device profiles (`Devices/`), and the places in the hall devices fill.
    public var catalog: ProfileCatalog
    public var deviceRoles: [DeviceRole]
    /// The CUPS scheduler kiosks print through (`host:port`); nil for the system's.
    public var cupsServer: String?
    /// Where citizens' phones reach the hall's pages, for the QR code on tickets.
    public var publicURL: String
    /// The ticket layouts, when `hall.layouts_directory` is set.
    public var ticketLayouts: TicketLayouts?
    /// The buses of LED boards, and what each board shows.
    public var buses: [BusConfiguration] = []
    /// The hall's voice, when `voice` is configured.
    public var voice: VoiceConfiguration?
    /// The scrolling notice on the TV display (`display.notice`).
    public var displayNotice: String?
    /// Whether the display and the boards name the citizen called, masked (请张*三到 4 号窗口):
    /// `display.show_names`, off unless the hall turns it on.
    public var displayShowsNames = false
    /// The SMS gateway for text reminders (`sms`), when the hall has one: without it, the kiosk
    /// asks for no phone number.
    public var textGateway: TextGateway?

    /// Reads and validates a configuration file.
    public static func load(path: String) throws(ConfigurationError) -> HallConfiguration {
        do {
            return try parse(try String(contentsOfFile: path, encoding: .utf8), file: path)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(file: path, message: "cannot read the file: \(error.localizedDescription)")
        }
    }

    /// Validates configuration text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> HallConfiguration {
        var top = try ConfigurationNode.parse(text, file: file, what: "the configuration")

        var hall = try top.requiredMapping("hall")
        let name = try hall.string("name")
        let zoneName = try hall.string("time_zone", default: "Asia/Shanghai")
        guard let timeZone = TimeZone(identifier: zoneName) else {
            throw hall.error(at: "time_zone", "unknown time zone \"\(zoneName)\" (for example Asia/Shanghai)")
        }
        let dayStart = try hall.string("day_starts_at", default: "00:00")
        guard let dayStartPeriods = OpeningHours.parse("\(dayStart)-24:00") else {
            throw hall.error(at: "day_starts_at", "day_starts_at must be a time of day such as 03:00")
        }
        let dataDirectory = try hall.string("data_directory", default: "/var/lib/hallqd")
        let devicesSetting = try hall.optionalString("devices_directory")
        let layoutsSetting = try hall.optionalString("layouts_directory")
        let cupsServer = try hall.optionalString("cups_server")
        let secretFile = try hall.string("secret_file", default: dataDirectory + "/hall.secret")
        let calendarSetting = try hall.optionalString("calendar_file")
        let guidesSetting = try hall.optionalString("guides_directory")
        try hall.finish()

        var policy = QueuePolicy(dayStartMinute: dayStartPeriods[0].start, timeZone: timeZone)
        if var rules = try top.mapping("policy") {
            policy.starvationCap = Double(try rules.int("starvation_cap_minutes", default: 30, range: 1...1440)) * 60
            policy.recallsBeforeNoShow = try rules.int("recalls_before_no_show", default: 2, range: 0...10)
            policy.maxRequeues = try rules.int("max_requeues", default: 1, range: 0...10)
            policy.requeuePenalty = Double(try rules.int("requeue_penalty_minutes", default: 10, range: 0...1440)) * 60
            policy.checkInEarly = Double(try rules.int("check_in_early_minutes", default: 30, range: 0...1440)) * 60
            policy.checkInLate = Double(try rules.int("check_in_late_minutes", default: 15, range: 0...1440)) * 60
            policy.kioskSession = Double(try rules.int("kiosk_session_seconds", default: 120, range: 10...3600))
            policy.idleSignOut = Double(try rules.int("idle_sign_out_minutes", default: 30, range: 1...1440)) * 60
            policy.pauseAlert = Double(try rules.int("pause_alert_minutes", default: 30, range: 1...1440)) * 60
            policy.elderlyPriorityAge = try rules.optionalInt("elderly_priority_age", range: 50...120)
            policy.notifyAhead = try rules.int("notify_ahead", default: 3, range: 1...50)
            if let reasons = try rules.strings("pause_reasons") {
                if reasons.isEmpty { throw rules.error(at: "pause_reasons", "pause_reasons needs at least one reason") }
                policy.pauseReasons = reasons
            }
            try rules.finish()
        }

        var services: [Service] = []
        var layoutNames: [String: String] = [:]
        for var item in try top.list("services") {
            var service = try parseService(&item)
            service.category = try item.optionalString("category")
            service.categoryEn = try item.optionalString("category_en")
            layoutNames[service.id] = try item.optionalString("ticket_layout")
            if services.contains(where: { $0.id == service.id }) {
                throw item.error(at: "id", "service id \"\(service.id)\" is used twice")
            }
            if services.contains(where: { $0.prefix == service.prefix }) {
                throw item.error(at: "prefix", "prefix \"\(service.prefix)\" is used by two services: their numbers would collide")
            }
            try item.finish()
            services.append(service)
        }
        if services.isEmpty { throw top.error("the hall needs at least one service under \"services\"") }

        var windows: [Window] = []
        for var item in try top.list("windows") {
            let number = try item.int("number", range: 1...9999)
            let windowName = try item.string("name", default: "\(number)号窗口")
            let serving = try item.strings("services") ?? []
            if serving.isEmpty { throw item.error("window \(number) serves no services") }
            for id in serving where !services.contains(where: { $0.id == id }) {
                throw item.error(at: "services", "window \(number) names unknown service \"\(id)\"")
            }
            if windows.contains(where: { $0.number == number }) { throw item.error(at: "number", "window \(number) is listed twice") }
            try item.finish()
            windows.append(Window(number: number, name: windowName, services: serving))
        }

        // Profiles are needed only when devices are configured; a hall without devices runs too.
        var catalog = ProfileCatalog(profiles: [], directory: "")
        let base = URL(fileURLWithPath: file).absoluteURL.deletingLastPathComponent()
        if let devicesSetting {
            let directory = devicesSetting.hasPrefix("/") ? devicesSetting : base.appendingPathComponent(devicesSetting).standardized.path
            guard FileManager.default.fileExists(atPath: directory) else {
                throw hall.error(at: "devices_directory", "no device profile folder at \(directory)")
            }
            catalog = try ProfileCatalog.load(directory: directory)
        }
        var roles: [DeviceRole] = []
        func role(_ item: inout ConfigurationNode, id: String) throws(ConfigurationError) -> DeviceRole {
            let profile = try item.string("profile")
            guard catalog.profile(profile) != nil else {
                let known = catalog.profiles.map(\.id)
                throw item.error(
                    at: "profile",
                    known.isEmpty
                        ? "unknown device profile \"\(profile)\": set hall.devices_directory to the Devices/ folder"
                        : "unknown device profile \"\(profile)\" (known: \(known.joined(separator: ", ")))")
            }
            var properties: [String: String] = [:]
            for (key, value, _) in try item.pairs("properties") { properties[key] = value }
            let found = DeviceRole(id: id, profile: profile, path: try item.optionalString("path"), properties: properties)
            if roles.contains(where: { $0.id == id }) { throw item.error("device \(id) is configured twice") }
            return found
        }

        var kiosks: [Kiosk] = []
        var kioskTokens: [(id: String, token: String, node: Node)] = []
        for var item in try top.list("kiosks") {
            let id = try item.string("id")
            if let token = try item.optionalString("token") { kioskTokens.append((id, token, item.node)) }
            let kioskName = try item.string("name", default: id)
            let offered = try item.strings("services") ?? []
            for service in offered where !services.contains(where: { $0.id == service }) {
                throw item.error(at: "services", "kiosk \(id) offers unknown service \"\(service)\"")
            }
            for var device in try item.list("devices") {
                let name = try device.choice("role", ["reader", "scanner", "printer"]) ?? ""
                if name.isEmpty { throw device.error("missing key \"role\" (reader, scanner or printer)") }
                roles.append(try role(&device, id: "\(id).\(name)"))
                try device.finish()
            }
            try item.finish()
            kiosks.append(Kiosk(id: id, name: kioskName, services: offered))
        }
        let layoutsDirectory = layoutsSetting.map { $0.hasPrefix("/") ? $0 : base.appendingPathComponent($0).standardized.path }
        var boardLayouts: [String: BoardLayout] = [:]
        func boardLayout(_ name: String, kind: BoardLayout.Kind, at node: ConfigurationNode) throws(ConfigurationError) -> BoardLayout {
            guard let layoutsDirectory else { throw node.error("boards need hall.layouts_directory (the Layouts/ folder)") }
            let layout: BoardLayout
            if let loaded = boardLayouts[name] {
                layout = loaded
            } else {
                layout = try BoardLayout.load(path: "\(layoutsDirectory)/boards/\(name).yaml", name: name)
            }
            guard layout.kind == kind else {
                throw node.error(at: "layout", "layout \(name) is for a \(layout.kind.rawValue) board, not a \(kind.rawValue) board")
            }
            boardLayouts[name] = layout
            return layout
        }
        var buses: [BusConfiguration] = []
        for var item in try top.list("buses") {
            let id = try item.string("id")
            guard !id.contains("."), !id.contains("/") else { throw item.error(at: "id", "a bus id cannot contain . or /") }
            guard item.has("path") else { throw item.error("bus \(id) needs a path (its serial port)") }
            let busRole = try role(&item, id: id)
            roles.append(busRole)
            let bus = try BusConfiguration.parse(
                &item, id: id, path: busRole.path ?? "", profile: catalog.profile(busRole.profile)!, catalog: catalog, windows: windows,
                layouts: { (name, kind, node) throws(ConfigurationError) in try boardLayout(name, kind: kind, at: node) },
                services: services)
            for board in bus.boards { roles.append(DeviceRole(id: board.id, profile: board.profile.id, path: bus.path)) }
            for keypad in bus.keypads where !roles.contains(where: { $0.id == keypad.id }) {
                roles.append(DeviceRole(id: keypad.id, profile: keypad.profile.id, path: bus.path))
            }
            if buses.contains(where: { $0.id == id }) { throw item.error(at: "id", "bus \(id) is listed twice") }
            try item.finish()
            buses.append(bus)
        }

        var displayNotice: String?
        var displayShowsNames = false
        if var display = try top.mapping("display") {
            displayNotice = try display.optionalString("notice")
            displayShowsNames = try display.bool("show_names", default: false)
            try display.finish()
        }
        var textGateway: TextGateway?
        if var node = try top.mapping("sms") { textGateway = try TextGateway.parse(&node) }
        var voice: VoiceConfiguration?
        if var node = try top.mapping("voice") {
            voice = try VoiceConfiguration.parse(&node, base: base, layouts: layoutsDirectory, dataDirectory: dataDirectory)
        }

        var api = try top.requiredMapping("api")
        let listen = try api.string("listen", default: "127.0.0.1:8080")
        let publicURL = try api.string("public_url", default: "http://\(listen)")
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port)
        else {
            throw api.error(at: "listen", "listen must be host:port, such as 127.0.0.1:8080")
        }
        // Every token is kept by its digest; one written out is hashed here.
        var credentials: [String: Credential] = [:]
        func add(_ token: String, _ credential: Credential, at node: Node, _ what: String) throws(ConfigurationError) {
            if token.hasPrefix(BearerToken.digestPrefix), !BearerToken.isDigest(token) {
                throw ConfigurationError.at(node, file: file, "\(what) must be sha256: and 64 lower-case hex digits")
            }
            guard token.count >= 12 else { throw ConfigurationError.at(node, file: file, "\(what) is shorter than 12 characters") }
            let digest = BearerToken.isDigest(token) ? token : BearerToken.digest(token)
            guard credentials[digest] == nil else { throw ConfigurationError.at(node, file: file, "\(what) is the same as another token") }
            credentials[digest] = credential
        }
        var plainAdminToken: String?
        for (roleName, token, node) in try api.pairs("tokens") {
            guard let role = Role(rawValue: roleName), role != .evaluator else {
                throw ConfigurationError.at(
                    node, file: file, "unknown role \"\(roleName)\" (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            try add(token, .role(role), at: node, "the \(roleName) token")
            if role == .admin, !BearerToken.isDigest(token) { plainAdminToken = token }
        }
        if !credentials.values.contains(.role(.admin)) { throw api.error(at: "tokens", "api.tokens needs an admin token") }
        for (windowName, token, node) in try api.pairs("evaluators") {
            guard let window = Int(windowName), windows.contains(where: { $0.number == window }) else {
                throw ConfigurationError.at(node, file: file, "api.evaluators: \(windowName) is not one of the hall's windows")
            }
            try add(token, .pad(window: window), at: node, "window \(window)'s pad token")
        }
        for (id, token, node) in kioskTokens { try add(token, .kiosk(id: id), at: node, "kiosk \(id)'s token") }
        try api.finish()
        try top.finish()

        let calendar = try calendarSetting.map { setting throws(ConfigurationError) in
            try CalendarFile.load(path: setting.hasPrefix("/") ? setting : base.appendingPathComponent(setting).standardized.path)
        }
        var definition = HallDefinition(
            name: name, services: services, windows: windows, policy: policy,
            kioskNames: Dictionary(kiosks.map { ($0.id, $0.name) }) { first, _ in first }, calendar: calendar ?? .none)
        if let guidesSetting {
            definition.guides = try GuideFiles.load(
                directory: guidesSetting.hasPrefix("/") ? guidesSetting : base.appendingPathComponent(guidesSetting).standardized.path,
                services: services)
        }
        var ticketLayouts: TicketLayouts?
        if let directory = layoutsDirectory {
            guard FileManager.default.fileExists(atPath: directory) else {
                throw hall.error(at: "layouts_directory", "no layout folder at \(directory)")
            }
            // Every paper the kiosks print on; both defaults when no printer is configured yet.
            var papers: [Int: Int] = [:]
            for role in roles {
                guard let profile = catalog.profile(role.profile), profile.driver == .escposPrinter,
                    let mm = profile.integer("paper_mm"), let columns = profile.integer("columns")
                else { continue }
                papers[mm] = columns
            }
            if papers.isEmpty { papers = [58: 32, 80: 48] }
            ticketLayouts = try TicketLayouts.load(
                directory: directory + "/tickets", names: layoutNames, papers: papers, definition: definition, kiosks: kiosks)
        } else if let service = layoutNames.first {
            throw ConfigurationError(
                file: file, message: "service \(service.key) names ticket_layout \(service.value), but hall.layouts_directory is not set")
        }
        return HallConfiguration(
            definition: definition,
            kiosks: kiosks, listenHost: String(listen[..<colon]), listenPort: port, credentials: credentials,
            plainAdminToken: plainAdminToken,
            dataDirectory: dataDirectory, secretFile: secretFile, catalog: catalog, deviceRoles: roles, cupsServer: cupsServer,
            publicURL: publicURL, ticketLayouts: ticketLayouts, buses: buses, voice: voice, displayNotice: displayNotice,
            displayShowsNames: displayShowsNames, textGateway: textGateway)
    }

    private static func parseService(_ item: inout ConfigurationNode) throws(ConfigurationError) -> Service {
        let id = try item.string("id")
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw item.error(at: "id", "service id must be ASCII letters, digits, - or _")
        }
        let prefix = try item.string("prefix")
        guard (1...2).contains(prefix.count), prefix.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw item.error(at: "prefix", "prefix must be one or two capital letters such as A")
        }
        var hours = OpeningHours.always
        if let text = try item.optionalString("hours") {
            guard let periods = OpeningHours.parse(text) else {
                throw item.error(at: "hours", "hours must look like \"08:30-12:00, 13:30-17:30\"")
            }
            hours.periods = periods
        }
        if let days = try item.strings("days") {
            let names = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]
            var weekdays: Set<Int> = []
            for day in days {
                guard let weekday = names[day.lowercased()] else {
                    throw item.error(at: "days", "unknown day \"\(day)\" (use mon tue wed thu fri sat sun)")
                }
                weekdays.insert(weekday)
            }
            hours.weekdays = weekdays
        }
        return Service(
            id: id, nameZh: try item.string("name"), nameEn: try item.string("name_en", default: id), prefix: prefix,
            dailyQuota: try item.optionalInt("daily_quota", range: 1...99_999), hours: hours,
            requiresIDCard: try item.bool("requires_id_card", default: false),
            expectedMinutes: try item.double("expected_minutes", default: 10, range: 0.5...480),
            overdueMinutes: try item.double("overdue_minutes", default: 60, range: 1...1440),
            allowsSeveralTickets: try item.bool("several_tickets_per_person", default: false))
    }
}
