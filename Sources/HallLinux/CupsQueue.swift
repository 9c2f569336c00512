import CCups
import Foundation
import HallDevices

/// A raw CUPS queue a kiosk's ticket printer sits behind: jobs go in as
/// `application/vnd.cups-raw` (the bytes reach the printer unchanged), and the printer's and
/// each job's state come back over IPP.
public final class CupsQueue: Sendable {
    public let name: String
    /// `host:port` of the scheduler; nil for the system's (CUPS_SERVER, client.conf, localhost).
    public let server: String?

    public struct PrinterState: Sendable, Equatable {
        /// 3 idle, 4 processing, 5 stopped.
        public var state: Int
        /// `media-empty-error`, `offline-report`, `paused` ..., without `none`.
        public var reasons: [String]
        public var accepting: Bool

        public init(state: Int, reasons: [String], accepting: Bool) {
            self.state = state
            self.reasons = reasons
            self.accepting = accepting
        }

        /// What stops the printer, in the citizen's and the technician's words; nil when it can print.
        public var fault: String? {
            let words: [(String, String)] = [
                ("media-empty", "缺纸 / out of paper"), ("media-needed", "缺纸 / out of paper"), ("media-jam", "卡纸 / paper jam"),
                ("cover-open", "上盖打开 / cover open"), ("offline", "脱机 / offline"), ("paused", "已暂停 / paused"),
            ]
            for reason in reasons {
                if let found = words.first(where: { reason.hasPrefix($0.0) }) { return found.1 }
            }
            return state == 5 ? "已停止 / stopped" : nil
        }
    }

    /// IPP job states: 3 pending, 4 held, 5 processing, 6 stopped, 7 canceled, 8 aborted, 9 completed.
    public enum JobState: Int, Sendable {
        case pending = 3
        case held, processing, stopped, canceled, aborted, completed
    }

    public init(name: String, server: String? = nil) {
        self.name = name
        self.server = server
    }

    /// The scheduler's address: a UNIX socket's path, or `host:port`.
    private var host: (String, Int32) {
        let address = server ?? String(cString: cupsServer())
        if address.hasPrefix("/") { return (address, 0) }
        guard let colon = address.lastIndex(of: ":"), let port = Int32(address[address.index(after: colon)...]) else {
            return (address, 631)
        }
        return (String(address[..<colon]), port)
    }

    /// The scheduler finds the printer by the path; the host part only has to be well formed,
    /// which a socket's path is not (libcups itself says `localhost` for a socket).
    private var printerURI: String {
        let (hostname, port) = host
        return hostname.hasPrefix("/") ? "ipp://localhost/printers/\(name)" : "ipp://\(hostname):\(port)/printers/\(name)"
    }

    private func connect() throws(TransportFailure) -> OpaquePointer {
        // libcups names the printer in its requests from the thread's server setting, not from
        // the connection: set it, or the scheduler is asked for a printer on port 631.
        if let server { cupsSetServer(server) }
        let (hostname, port) = host
        guard let http = httpConnect2(hostname, port, nil, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1, 5000, nil) else {
            throw TransportFailure("cannot reach the print server at \(server ?? hostname)", gone: true)
        }
        return http
    }

    /// The job and document name the scheduler is given for `title`: ASCII letters, digits,
    /// `.`, `_` and `-` only, anything else as `-`. Debian 12's cupsd 2.4.2-3+deb12u10 (a
    /// security update) segfaults shortly after accepting a document whose `document-name` has
    /// a space or a tab in it, taking down every queue of the machine, and refuses a job whose
    /// `job-name` has a control character.
    public static func jobName(_ title: String) -> String {
        let safe = title.unicodeScalars.map { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                ? Character(scalar) : "-"
        }
        return safe.isEmpty ? "hallqueue-job" : String(safe)
    }

    private static func lastError() -> String { String(cString: cupsLastErrorString()) }

    /// Asked after a failure: whether the scheduler has stopped answering (it crashed or was
    /// stopped), as against having refused the request.
    private var schedulerGone: Bool {
        guard let http = try? connect() else { return true }
        defer { httpClose(http) }
        // A scheduler being killed may still take a connection for a moment: only an answer
        // says it lives.
        guard let request = ippNewRequest(IPP_OP_CUPS_GET_DEFAULT) else { return false }
        guard let response = cupsDoRequest(http, request, "/") else { return true }
        ippDelete(response)
        return false
    }

    /// Sends one raw job, named `jobName(title)`, and returns its id once CUPS holds all of it.
    /// `created` is told the job's id as soon as CUPS has made it: from then on, a failure
    /// (the scheduler may have died while answering) can still leave a job that prints. A
    /// failure is `gone` when the scheduler has stopped answering.
    public func submit(_ bytes: [UInt8], title: String, created: (Int32) -> Void = { _ in }) throws(TransportFailure) -> Int32 {
        let http = try connect()
        defer { httpClose(http) }
        let title = Self.jobName(title)
        let job = cupsCreateJob(http, name, title, 0, nil)
        guard job > 0 else { throw TransportFailure("queue \(name) refused the job: \(Self.lastError())", gone: schedulerGone) }
        created(job)
        guard cupsStartDocument(http, name, job, title, CUPS_FORMAT_RAW, 1) == HTTP_STATUS_CONTINUE else {
            throw TransportFailure("queue \(name): cannot start job \(job)'s document: \(Self.lastError())", gone: schedulerGone)
        }
        let written = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cupsWriteRequestData(http, $0, buffer.count) }
        }
        guard written == HTTP_STATUS_CONTINUE, cupsFinishDocument(http, name) == IPP_STATUS_OK else {
            throw TransportFailure("queue \(name): job \(job) did not go through: \(Self.lastError())", gone: schedulerGone)
        }
        return job
    }

    /// The printer's state and reasons.
    public func printerState() throws(TransportFailure) -> PrinterState {
        guard let response = try request(IPP_OP_GET_PRINTER_ATTRIBUTES, { _ in }) else {
            throw TransportFailure("queue \(name) does not exist on the print server", gone: false)
        }
        defer { ippDelete(response) }
        let state = ippFindAttribute(response, "printer-state", IPP_TAG_ENUM).map { Int(ippGetInteger($0, 0)) } ?? 0
        var reasons: [String] = []
        if let attribute = ippFindAttribute(response, "printer-state-reasons", IPP_TAG_KEYWORD) {
            for index in 0..<ippGetCount(attribute) {
                if let reason = ippGetString(attribute, index, nil), String(cString: reason) != "none" {
                    reasons.append(String(cString: reason))
                }
            }
        }
        let accepting = ippFindAttribute(response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN).map { ippGetBoolean($0, 0) != 0 } ?? false
        return PrinterState(state: state, reasons: reasons, accepting: accepting)
    }

    /// A job's state and name; nil when the scheduler does not know the job (a scheduler that
    /// crashed may come back without it, and then give its number to another job).
    public func job(_ job: Int32) throws(TransportFailure) -> (state: JobState, name: String)? {
        guard
            let response = try request(
                IPP_OP_GET_JOB_ATTRIBUTES,
                { request in
                    ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job)
                })
        else { return nil }
        defer { ippDelete(response) }
        guard let state = ippFindAttribute(response, "job-state", IPP_TAG_ENUM).flatMap({ JobState(rawValue: Int(ippGetInteger($0, 0))) })
        else { return nil }
        let name = ippFindAttribute(response, "job-name", IPP_TAG_NAME).flatMap { ippGetString($0, 0, nil) }.map { String(cString: $0) }
        return (state, name ?? "")
    }

    /// A job's state; nil when the scheduler does not know the job.
    public func jobState(_ job: Int32) throws(TransportFailure) -> JobState? {
        try self.job(job)?.state
    }

    /// An IPP request about the queue; nil when the scheduler does not know the queue or the
    /// job it was asked about.
    private func request(_ operation: ipp_op_t, _ fill: (OpaquePointer) -> Void) throws(TransportFailure) -> OpaquePointer? {
        let http = try connect()
        defer { httpClose(http) }
        guard let request = ippNewRequest(operation) else { throw TransportFailure("cannot make an IPP request", gone: false) }
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nil, printerURI)
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nil, cupsUser())
        fill(request)
        guard let response = cupsDoRequest(http, request, "/") else {
            throw TransportFailure("queue \(name): \(Self.lastError())", gone: schedulerGone)
        }
        guard ippGetStatusCode(response).rawValue < 0x0100 else {
            let message = Self.lastError()
            let unknown = ippGetStatusCode(response) == IPP_STATUS_ERROR_NOT_FOUND
            ippDelete(response)
            if unknown { return nil }
            throw TransportFailure("queue \(name): \(message)", gone: schedulerGone)
        }
        return response
    }
}

extension CupsQueue {
    /// A test page through the queue, step by step: the queue's state, the job sent, the job
    /// followed to its end (up to `seconds`). Blocking.
    public func testPage(_ bytes: [UInt8], device: String, seconds: Double = 5) -> DeviceTest {
        var steps: [DeviceTest.Step] = []
        let start = ContinuousClock.now
        func elapsed(since instant: ContinuousClock.Instant) -> Double { Double((ContinuousClock.now - instant) / .microseconds(1)) / 1000 }
        do {
            let state = try printerState()
            steps.append(
                .init(
                    step: "CUPS 队列状态 / queue state",
                    result:
                        "state \(state.state), reasons \(state.reasons.isEmpty ? "none" : state.reasons.joined(separator: ","))\(state.fault.map { " → \($0)" } ?? "")",
                    ok: state.fault == nil, milliseconds: elapsed(since: start)))
            let sent = ContinuousClock.now
            let job = try submit(bytes, title: "hallqueue-test-page")
            steps.append(
                .init(
                    step: "提交测试页 / test page sent", result: "job \(job), \(bytes.count) bytes", ok: true, milliseconds: elapsed(since: sent)
                ))
            var final: JobState?
            let end = ContinuousClock.now + .seconds(seconds)
            while ContinuousClock.now < end {
                final = try jobState(job)
                if final == .completed { break }
                usleep(100_000)
            }
            steps.append(
                .init(
                    step: "打印完成 / printed",
                    result: final == .completed
                        ? "完成 / completed" : "未完成：\(final.map { "\($0)" } ?? "?")，检查纸与打印机 / not completed: check the paper and the printer",
                    ok: final == .completed, milliseconds: elapsed(since: sent)))
        } catch {
            steps.append(.init(step: "CUPS", result: "\(error)", ok: false))
        }
        return DeviceTest(device: device, steps: steps)
    }
}
