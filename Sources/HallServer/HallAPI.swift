import Foundation
import HallAPIModels
import HallConfig
import HallCore
import HallDevices
import HallIdentity
import HallStore
import Hummingbird

/// The HTTP API (v1, JSON), the event stream, metrics, health and the OpenAPI document.
public struct HallAPI: Sendable {
    public let engine: HallEngine
    public let configuration: LiveConfiguration
    public let metrics: HallMetrics
    public let devices: DeviceRegistry?
    /// Prints a ticket again on a kiosk's printer; false when the kiosk has no printer.
    public typealias Reprint = @Sendable (TicketNumber, String) async -> Bool
    let reprint: Reprint?
    /// The schedulers of the buses of LED boards in the configuration in force.
    let buses: @Sendable () -> [BoardBus]
    /// The voice's queue, when the hall has a voice.
    let announcements: Announcements?
    /// The keys in tickets' QR codes, for citizens' ratings.
    let ticketKeys: TicketKeys?
    /// Tests one device (a test page, a test pattern); nil when the device cannot be tested so.
    public typealias TestDevice = @Sendable (String) async -> DeviceTest?
    let testDevice: TestDevice?
    /// Keys pressed on keypads and evaluation pads.
    let keys: KeyLog?
    /// Reads the configuration file again and applies it, or refuses it whole.
    public typealias Reload = @Sendable () async -> ReloadReport
    let reload: Reload?
    /// Signing staff in and out, and who is signed in at which window.
    let desk: StaffDesk
    var sessions: StaffSessions { desk.sessions }
    /// Where privileged requests are kept.
    let audit: AuditLog?
    /// Text reminders, and the sealer of the phone numbers they go to, when the hall sends them.
    let reminders: (TextReminders, ContactSealer)?
    let clock: @Sendable () -> Date

    public init(
        engine: HallEngine, configuration: LiveConfiguration, metrics: HallMetrics, devices: DeviceRegistry? = nil,
        reprint: Reprint? = nil, buses: @escaping @Sendable () -> [BoardBus] = { [] }, announcements: Announcements? = nil,
        ticketKeys: TicketKeys? = nil, testDevice: TestDevice? = nil, keys: KeyLog? = nil, reload: Reload? = nil,
        desk: StaffDesk? = nil, audit: AuditLog? = nil, reminders: (TextReminders, ContactSealer)? = nil,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.reminders = reminders
        self.audit = audit
        self.desk = desk ?? StaffDesk(engine: engine, configuration: configuration, audit: audit, clock: clock)
        self.reload = reload
        self.keys = keys
        self.testDevice = testDevice
        self.ticketKeys = ticketKeys
        self.announcements = announcements
        self.reprint = reprint
        self.buses = buses
        self.engine = engine
        self.configuration = configuration
        self.metrics = metrics
        self.devices = devices
        self.clock = clock
    }

    public typealias Context = HallRequestContext

    public func router() -> Router<Context> {
        let router = Router(context: Context.self)
        // Outermost, so that it sees every answer, errors turned into theirs.
        router.add(middleware: AuditMiddleware(api: self))
        router.add(middleware: ErrorMiddleware())

        router.get("/healthz") { _, _ in await health() }
        router.get("/metrics") { _, _ in
            let text = await metrics.render(
                engine: engine, devices: await devices?.statuses ?? [], reminders: reminders?.0.backlog(), now: clock())
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: Pages.openAPI)))
        }

        router.get("/api/v1/services") { request, _ in
            try authorize(request, Role.readers)
            let now = clock()
            return JSON.response(await engine.read { hall in hall.definition.services.map { ServiceView($0, in: hall, at: now) } })
        }
        router.get("/api/v1/windows") { request, _ in
            try authorize(request, Role.readers)
            return JSON.response(await engine.read { hall in hall.definition.windows.map { WindowView($0, in: hall) } })
        }

        router.post("/api/v1/tickets") { request, _ in
            let role = try authorize(request, [.kiosk, .window, .admin, .manager])
            let body = try await JSON.decode(IssueRequest.self, from: request)
            // A kiosk takes normal tickets: a green channel or a staff ticket is the staff's to give.
            if role == .kiosk, (body.priority ?? .normal) != .normal || (body.channel ?? .kiosk) != .kiosk {
                throw APIError(.forbidden, "kiosk_cannot_choose", "自助机只能取普通号 / a kiosk takes normal tickets only")
            }
            let channel = body.channel ?? (role == .kiosk ? .kiosk : .staff)
            let priority = body.priority ?? (channel == .appointment ? .appointment : .normal)
            let kiosk = try body.kiosk.map { try kioskID($0, for: request) } ?? ownKiosk(request)
            let phone = try body.phone.map(phoneForReminders)
            return try await issue(.issue(service: body.service, priority: priority, channel: channel, kiosk: kiosk), phone: phone)
        }
        addKioskRoutes(to: router)
        addStaffRoutes(to: router)
        addBoardRoutes(to: router)
        addDisplayRoutes(to: router)
        addReportRoutes(to: router)
        addPageRoutes(to: router)
        // Public, with the key from the ticket's QR code: the citizen's phone follows it live.
        router.get("/api/v1/tickets/{number}/follow") { request, context in
            let number = try ticketNumber(context)
            let day = await engine.read { $0.day } ?? ""
            guard let ticketKeys, request.uri.queryParameters.get("k") == ticketKeys.key(day: day, number: number) else {
                throw APIError(.unauthorized, "bad_key", "请扫描号票上的二维码 / please open this from the QR code on your ticket")
            }
            guard await engine.read({ $0.ticket(number) }) != nil else { throw HallError.unknownTicket(number.description) }
            return TicketFollow.response(number, engine: engine, events: await engine.subscribe())
        }
        // Public: a citizen follows a ticket from the QR code on it, with no token.
        router.get("/api/v1/tickets/{number}") { _, context in
            let number = try ticketNumber(context)
            guard
                let view = await engine.read({ hall in
                    hall.ticket(number).map { TicketView($0, in: hall, ahead: hall.peopleAhead(of: number)) }
                })
            else {
                throw HallError.unknownTicket(number.description)
            }
            return JSON.response(view)
        }
        router.post("/api/v1/tickets/{number}/cancel") { request, context in
            try authorize(request, [.window, .admin, .manager])
            let number = try ticketNumber(context)
            return try await ticketCommand(.cancel(number: number), number, by: signedIn(request))
        }
        // A held ticket's citizen is back: staff at any window say so (a kiosk scan does too).
        router.post("/api/v1/tickets/{number}/return") { request, context in
            try authorize(request, [.window, .admin, .manager])
            let number = try ticketNumber(context)
            return try await ticketCommand(.returnHeld(number: number), number, by: signedIn(request))
        }
        router.post("/api/v1/tickets/{number}/requeue") { request, context in
            try authorize(request, [.window, .admin, .manager])
            let number = try ticketNumber(context)
            return try await ticketCommand(.requeue(number: number), number, by: signedIn(request))
        }

        addWindowRoutes(to: router)

        router.get("/api/v1/devices") { request, _ in
            try authorize(request, Role.readers)
            return JSON.response(await devices?.statuses ?? [])
        }
        // What a technician reads: per device, what was checked, what was found, what to do.
        router.get("/api/v1/diagnostics") { request, _ in
            try authorize(request, [.admin, .technician])
            return JSON.response(await devices?.statuses.map(DeviceAdvice.init) ?? [])
        }
        router.post("/api/v1/devices/{id}/test") { request, context in
            try authorize(request, [.admin, .technician])
            let id = context.parameters.get("id") ?? ""
            guard await devices?.status(id) != nil else { throw APIError(.notFound, "unknown_device", "没有设备 \(id) / no device \(id)") }
            guard let testDevice, let result = await testDevice(id) else {
                throw APIError(.conflict, "not_testable", "\(id) 没有测试动作，请看 hallctl diag 的检查结果 / \(id) has no test action: see hallctl diag")
            }
            return JSON.response(result)
        }
        router.get("/api/v1/keypads/keys") { request, _ in
            try authorize(request, [.admin, .technician])
            return JSON.response(keys?.since(request.uri.queryParameters.get("since").flatMap(Int.init) ?? 0) ?? [])
        }
        router.post("/api/v1/reload") { request, _ in
            try authorize(request, [.admin, .technician])
            guard let reload else { throw APIError(.notFound, "no_reload", "此服务器不能重新加载配置 / this server cannot reload its configuration") }
            return JSON.response(await reload())
        }
        router.get("/api/v1/devices/history") { request, _ in
            try authorize(request, [.admin, .technician])
            return JSON.response(await devices?.history ?? [])
        }

        router.get("/api/v1/events") { request, _ in
            try authorize(request, Role.allCases)
            return EventStream.response(await engine.subscribe())
        }
        return router
    }

    /// A phone number given for text reminders, checked before any ticket is issued. Errors
    /// never repeat the number.
    private func phoneForReminders(_ text: String) throws -> PhoneNumber {
        guard reminders != nil, configuration.value.textGateway != nil else {
            throw APIError(.badRequest, "no_text_reminders", "本大厅不发送短信提醒 / this hall sends no text reminders")
        }
        guard let phone = PhoneNumber(text) else {
            throw APIError(.badRequest, "bad_phone", "手机号应为 11 位数字，以 1 开头 / a mobile number has 11 digits and starts with 1")
        }
        return phone
    }

    /// Runs a command that issues a ticket (taking one, checking in) and answers 201 with it;
    /// with a phone number, its reminders are set up before the answer.
    func issue(_ command: HallCommand, phone: PhoneNumber? = nil) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let view = try await engine.execute(command) { hall, events -> TicketView? in
                guard case .ticketIssued(let number, let service, let priority, _, _, _, _, _)? = events.last,
                    let ticket = hall.ticket(number)
                else { return nil }
                // The new ticket is last in its class: count instead of scanning the queue.
                return TicketView(ticket, in: hall, ahead: hall.peopleAhead(service: service, priority: priority) - 1)
            }
            guard let view else { throw APIError(.internalServerError, "internal", "the ticket was not issued") }
            if let phone, let (reminders, sealer) = self.reminders, let number = TicketNumber(view.number) {
                // The ticket stands either way: a citizen without reminders still has the paper.
                await reminders.register(number, sealed: sealer.seal(phone))
            }
            metrics.ticketIssued(service: view.service, duration: ContinuousClock.now - started)
            return JSON.response(view, status: .created)
        } catch let error as HallError {
            metrics.refused(code: error.code)
            throw error
        }
    }

    private func ticketCommand(_ command: HallCommand, _ number: TicketNumber, by staff: String?) async throws -> Response {
        let view = try await engine.execute(command, by: staff) { hall, _ in
            hall.ticket(number).map { TicketView($0, in: hall, ahead: hall.peopleAhead(of: number)) }
        }
        guard let view else { throw HallError.unknownTicket(number.description) }
        return JSON.response(view)
    }

    private func health() async -> Response {
        let (failure, day, waiting) = await (engine.failure, engine.read(\.day), engine.read(\.waitingCount))
        return JSON.response(
            HealthView(status: failure == nil ? "ok" : "failing", day: day, waiting: waiting, reason: failure),
            status: failure == nil ? .ok : .serviceUnavailable)
    }

    /// Checks the bearer token and that its role may do this.
    @discardableResult
    func authorize(_ request: Request, _ roles: [Role]) throws -> Role {
        // A page's EventSource cannot send headers: GET requests may carry the token as ?token=.
        let queryToken = request.method == .get ? request.uri.queryParameters.get("token").map { "Bearer " + $0 } : nil
        guard let header = request.headers[.authorization] ?? queryToken else {
            throw APIError(.unauthorized, "unauthorized", "缺少访问令牌 / missing bearer token")
        }
        // A window session acts as a window; `authorizeAtWindow` keeps it to its own window.
        let token = String(header.dropFirst(7))
        guard header.hasPrefix("Bearer "),
            let role = configuration.role(for: token) ?? sessions.session(token, at: clock()).map({ _ in Role.window })
        else {
            throw APIError(.unauthorized, "unauthorized", "访问令牌无效 / the bearer token is not valid")
        }
        // A manager may do what an admin may; an auditor may read what an admin may, and change nothing.
        let admins = roles.contains(.admin)
        guard roles.contains(role) || (role == .manager && admins) || (role == .auditor && admins && request.method == .get) else {
            throw APIError(.forbidden, "forbidden", "\(role.rawValue) 角色无此权限 / the \(role.rawValue) role may not do this")
        }
        return role
    }

    func ticketNumber(_ context: Context) throws -> TicketNumber {
        let text = context.parameters.get("number") ?? ""
        guard let number = TicketNumber(text) else {
            throw APIError(.badRequest, "bad_ticket_number", "号码格式错误：\(text) / not a ticket number: \(text) (expected such as A001)")
        }
        return number
    }

    /// A window's action: by the session signed in at that window (whose 工号 is returned), the
    /// shared window token, or a manager. A session at another window is refused.
    @discardableResult
    func authorizeAtWindow(_ request: Request, _ window: Int) throws -> String? {
        if let token = bearer(request), let session = sessions.session(token, at: clock()) {
            guard session.window == window else {
                throw APIError(
                    .forbidden, "other_window",
                    "已登录 \(session.window) 号窗口，不能操作 \(window) 号窗口 / signed in at window \(session.window), not \(window)")
            }
            return session.staff
        }
        try authorize(request, [.window, .admin, .manager])
        return nil
    }

    /// Who a request is, for the audit trail: the 工号 of a session, the role of a configured
    /// token, or `-`.
    func actor(_ request: Request) -> String {
        guard let token = bearer(request) ?? (request.method == .get ? request.uri.queryParameters.get("token") : nil)
        else { return "-" }
        if let session = sessions.session(token, at: clock()) { return session.staff }
        return configuration.role(for: token)?.rawValue ?? "-"
    }

    /// The 工号 of the person signed in whose session token the request carries.
    func signedIn(_ request: Request) -> String? {
        bearer(request).flatMap { sessions.session($0, at: clock()) }?.staff
    }

    /// The bearer token of a request, if it has one.
    func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        return String(header.dropFirst(7))
    }

    func windowNumber(_ context: Context) throws -> Int {
        let text = context.parameters.get("window") ?? ""
        guard let number = Int(text), number > 0 else {
            throw APIError(.badRequest, "bad_window_number", "窗口号格式错误：\(text) / not a window number: \(text)")
        }
        return number
    }
}
