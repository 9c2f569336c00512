import Foundation
import HallAPIModels
import HallCore
import HallDevices

/// The daemon's API as typed calls: what `hallctl`, `hallsim`, `hallbench` and the tests use,
/// with the server's own request and answer types. Blocking, one connection, one thread.
public final class HallClient {
    public enum Failure: Error, CustomStringConvertible {
        /// The daemon did not answer at all.
        case unreachable(address: String, reason: String)
        /// The daemon refused the request: its status, code and message.
        case refused(status: Int, APIFailure)
        /// An answer that is not what this request answers (another program on the port?).
        case unexpected(status: Int, reason: String)

        public var description: String {
            switch self {
            case .unreachable(let address, let reason): "hallqd is not answering at \(address) (\(reason))"
            case .refused(_, let failure): failure.message
            case .unexpected(let status, let reason): "an unexpected answer (HTTP \(status)): \(reason)"
            }
        }
    }

    /// A window's actions that take nothing but the window.
    public enum WindowAction: String, Sendable, CaseIterable {
        case recall, start, finish, pause, resume
        case noShow = "no-show"
    }

    /// `http://host:port`.
    public let address: String
    private let connection: HTTPConnection
    private let token: String?

    public init(host: String, port: Int, token: String?, timeout: TimeInterval = 10) {
        connection = HTTPConnection(host: host, port: port, timeout: timeout)
        address = "http://\(host):\(port)"
        self.token = token
    }

    // MARK: The hall

    public func health() throws(Failure) -> HealthView {
        // A failing journal answers 503 with the same view: that is an answer, not a refusal.
        let response = try send("GET", "/healthz", accepting: [503])
        return try decode(HealthView.self, response)
    }

    public func services() throws(Failure) -> [ServiceView] { try get("/api/v1/services") }
    public func windows() throws(Failure) -> [WindowView] { try get("/api/v1/windows") }
    public func display() throws(Failure) -> DisplayView { try get("/api/v1/display") }
    public func todayFigures() throws(Failure) -> TodayFigures { try get("/api/v1/stats/today") }

    // MARK: Tickets

    public func issue(_ request: IssueRequest) throws(Failure) -> TicketView { try post("/api/v1/tickets", request) }
    public func ticket(_ number: String) throws(Failure) -> TicketView { try get("/api/v1/tickets/\(segment(number))") }
    public func cancel(ticket number: String) throws(Failure) -> TicketView { try post("/api/v1/tickets/\(segment(number))/cancel") }
    public func requeue(ticket number: String) throws(Failure) -> TicketView { try post("/api/v1/tickets/\(segment(number))/requeue") }
    /// A held ticket's citizen is back.
    public func returnHeld(ticket number: String) throws(Failure) -> TicketView { try post("/api/v1/tickets/\(segment(number))/return") }

    public func rate(ticket number: String, _ rating: RatingRequest) throws(Failure) -> TicketView {
        try post("/api/v1/tickets/\(segment(number))/evaluation", rating)
    }

    public func reprint(ticket number: String, at kiosk: String) throws(Failure) -> PrintAccepted {
        try post("/api/v1/tickets/\(segment(number))/print", PrintRequest(kiosk: kiosk))
    }

    public func checkIn(code: String, at kiosk: String) throws(Failure) -> TicketView {
        try post("/api/v1/kiosks/\(segment(kiosk))/check-in", CheckInRequest(code: code))
    }

    public func importAppointments(_ appointments: [AppointmentRequest]) throws(Failure) -> AppointmentImport {
        try post("/api/v1/appointments", AppointmentBatch(appointments: appointments))
    }

    // MARK: Windows

    /// The next ticket called to `window`, or nil when nobody waits for it.
    public func callNext(window: Int) throws(Failure) -> CallView? {
        let response = try send("POST", "/api/v1/windows/\(window)/call")
        return response.status == 204 ? nil : try decode(CallView.self, response)
    }

    /// 指呼: a chosen waiting ticket to the window.
    public func call(number: String, window: Int) throws(Failure) -> CallView {
        try post("/api/v1/windows/\(window)/call", CallRequest(number: number))
    }

    /// A citizen at the counter, issued and served at once.
    public func walkIn(window: Int, service: String) throws(Failure) -> CallView {
        try post("/api/v1/windows/\(window)/walk-in", WalkInRequest(service: service))
    }

    public func act(_ action: WindowAction, window: Int) throws(Failure) -> WindowView {
        try post("/api/v1/windows/\(window)/\(action.rawValue)")
    }

    /// 办结 with what the visit handled and how each matter ended.
    public func finish(window: Int, matters: [Matter]) throws(Failure) -> WindowView {
        try post("/api/v1/windows/\(window)/finish", FinishRequest(matters: matters))
    }

    /// 挂起: the citizen fetches a document; their place is kept for `minutes`.
    public func hold(window: Int, reason: String, minutes: Int) throws(Failure) -> WindowView {
        try post("/api/v1/windows/\(window)/hold", HoldRequest(reason: reason, minutes: minutes))
    }

    public func transfer(window: Int, to service: String) throws(Failure) -> WindowView {
        try post("/api/v1/windows/\(window)/transfer", TransferRequest(service: service))
    }

    // MARK: Staff

    public func staff() throws(Failure) -> [StaffMember] { try get("/api/v1/staff") }
    public func addStaff(_ request: NewStaffRequest) throws(Failure) -> StaffMember { try post("/api/v1/staff", request) }
    public func disableStaff(_ id: String) throws(Failure) -> StaffMember { try post("/api/v1/staff/\(segment(id))/disable") }

    public func setPIN(staff id: String, pin: String) throws(Failure) -> StaffMember {
        try post("/api/v1/staff/\(segment(id))/pin", PINRequest(pin: pin))
    }

    public func signIn(window: Int, staff: String, pin: String) throws(Failure) -> SignInView {
        try post("/api/v1/windows/\(window)/sign-in", SignInRequest(staff: staff, pin: pin))
    }

    /// Ends the session at `window` (this client's token is the session's, or a manager's).
    public func signOut(window: Int) throws(Failure) { _ = try send("POST", "/api/v1/windows/\(window)/sign-out") }

    /// The audit trail between two times (a day back from now when left out), for one actor or window.
    /// The figures of the days `from` to `to` (YYYY-MM-DD) by one dimension.
    public func report(from: String, to: String, by: String) throws(Failure) -> Report {
        try get("/api/v1/reports?from=\(segment(from))&to=\(segment(to))&by=\(segment(by))")
    }

    public func audit(from: Date? = nil, to: Date? = nil, staff: String? = nil, window: Int? = nil) throws(Failure) -> [AuditEntry] {
        var query: [String] = []
        if let from { query.append("from=\(segment(from.formatted(.iso8601)))") }
        if let to { query.append("to=\(segment(to.formatted(.iso8601)))") }
        if let staff { query.append("staff=\(segment(staff))") }
        if let window { query.append("window=\(window)") }
        return try get("/api/v1/audit" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
    }

    // MARK: Devices and boards

    public func devices() throws(Failure) -> [DeviceStatus] { try get("/api/v1/devices") }
    public func diagnostics() throws(Failure) -> [DeviceAdvice] { try get("/api/v1/diagnostics") }
    public func testDevice(_ id: String) throws(Failure) -> DeviceTest { try post("/api/v1/devices/\(segment(id))/test") }
    public func boards() throws(Failure) -> [BoardBus.BoardView] { try get("/api/v1/boards") }

    public func testBoard(bus: String, address: Int) throws(Failure) -> BoardProbe {
        try post("/api/v1/buses/\(segment(bus))/boards/\(address)/test")
    }

    public func scan(bus: String, from: Int, to: Int) throws(Failure) -> [BoardProbe] {
        try post("/api/v1/buses/\(segment(bus))/scan", ScanRange(from: from, to: to))
    }

    /// The keys pressed on keypads after `sequence`, oldest first.
    public func keypadPresses(since sequence: Int = 0) throws(Failure) -> [KeypadPress] {
        try get("/api/v1/keypads/keys?since=\(sequence)")
    }

    /// Has the daemon read its configuration file again: what changed, and whether it was applied.
    public func reload() throws(Failure) -> ReloadReport { try post("/api/v1/reload") }

    // MARK: Any path

    /// The text of any GET (the metrics, the OpenAPI document), for a support bundle.
    public func text(_ path: String) throws(Failure) -> String { try send("GET", path).text }

    /// Follows the event stream, calling `handle` with each event's type and JSON data, until
    /// the daemon goes away (thrown as `unreachable`).
    public func follow(_ handle: (_ type: String, _ data: String) -> Void) throws(Failure) {
        do {
            let head = try connection.openStream("/api/v1/events", token: token)
            guard head.status == 200 else { throw Failure.unexpected(status: head.status, reason: "the event stream did not open") }
            var type = ""
            while true {
                let line = try connection.readLine()
                if line.hasPrefix("event: ") { type = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { handle(type, String(line.dropFirst(6))) }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .unreachable(address: address, reason: "\(error)")
        }
    }

    // MARK: Requests

    private func get<Answer: Decodable>(_ path: String) throws(Failure) -> Answer { try decode(Answer.self, try send("GET", path)) }

    private func post<Answer: Decodable>(_ path: String, _ body: some Encodable = [String: String]()) throws(Failure) -> Answer {
        let data: Data
        do {
            data = try APIJSON.requestEncoder.encode(body)
        } catch {
            throw .unexpected(status: 0, reason: "the request could not be encoded: \(error)")
        }
        return try decode(Answer.self, try send("POST", path, body: data))
    }

    private func send(_ method: String, _ path: String, body: Data? = nil, accepting extra: Set<Int> = []) throws(Failure)
        -> HTTPConnection.Response
    {
        let response: HTTPConnection.Response
        do {
            response = try connection.request(method, path, json: body, token: token)
        } catch {
            throw .unreachable(address: address, reason: "\(error)")
        }
        guard response.status < 400 || extra.contains(response.status) else {
            let failure =
                (try? APIJSON.decoder.decode(APIFailure.self, from: response.body))
                ?? APIFailure(error: "http_\(response.status)", message: "HTTP \(response.status): \(response.text.prefix(200))")
            throw .refused(status: response.status, failure)
        }
        return response
    }

    private func decode<Answer: Decodable>(_ type: Answer.Type, _ response: HTTPConnection.Response) throws(Failure) -> Answer {
        do {
            return try APIJSON.decoder.decode(type, from: response.body)
        } catch {
            throw .unexpected(status: response.status, reason: "\(error)")
        }
    }

    private func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?"))) ?? text
    }
}
