import Foundation
import HallYAML

/// The SMS gateway text reminders go through, described as an HTTP request template, since
/// every provider's API differs:
/// ```yaml
/// sms:
///   url: https://sms.example.gov.cn/send?sign=hall
///   method: POST
///   headers: {Content-Type: application/json, Authorization: Bearer 5f1c...}
///   body: '{"mobile": "{phone}", "content": "{message}", "outId": "{id}"}'
///   escape: json            # how values are written into the body: json, form or none
///   timeout_seconds: 10
///   retry_max_seconds: 60   # the longest wait between two tries
///   give_up_minutes: 60     # a reminder later than this helps nobody
/// ```
/// `{phone}`, `{number}`, `{window}`, `{ahead}`, `{kind}` (ahead or called), `{message}` (the
/// reminder's text) and `{id}` (the message's key, the same on every try, so that a gateway
/// can refuse a repeat; it goes as the `Idempotency-Key` header too) may stand in the URL (percent-encoded), the headers and the body. The
/// texts themselves are `almost_text` and `called_text`, with `{hall}`, `{number}`,
/// `{window}` and `{ahead}`.
public struct TextGateway: Sendable, Equatable {
    public var url: String
    public var method: String
    public var headers: [(name: String, value: String)]
    public var body: String
    public var escape: Escape
    public var almostText: String
    public var calledText: String
    public var timeout: TimeInterval
    public var retryMax: TimeInterval
    public var giveUpAfter: TimeInterval

    public enum Escape: String, Sendable, CaseIterable {
        case json, form, none
    }

    public static let defaultAlmostText = "【{hall}】{number} 号前面还有 {ahead} 人，请回到大厅等候 / {number}: {ahead} ahead, please come back"
    public static let defaultCalledText = "【{hall}】请 {number} 号到 {window} 号窗口办理 / {number}, please go to window {window}"

    /// One request to the gateway, filled in.
    public struct Request: Sendable, Equatable {
        public var url: String
        public var method: String
        public var headers: [(name: String, value: String)]
        public var body: String

        public static func == (a: Request, b: Request) -> Bool {
            a.url == b.url && a.method == b.method && a.body == b.body && a.headers.elementsEqual(b.headers, by: ==)
        }
    }

    /// What goes into a reminder.
    public struct Values: Sendable {
        public var hall: String
        public var phone: String
        public var number: String
        public var kind: String
        public var window: Int?
        public var ahead: Int?
        public var id: String

        public init(hall: String, phone: String, number: String, kind: String, window: Int?, ahead: Int?, id: String) {
            self.hall = hall
            self.phone = phone
            self.number = number
            self.kind = kind
            self.window = window
            self.ahead = ahead
            self.id = id
        }
    }

    public static func == (a: TextGateway, b: TextGateway) -> Bool {
        a.url == b.url && a.method == b.method && a.headers.elementsEqual(b.headers, by: ==) && a.body == b.body
            && a.escape == b.escape && a.almostText == b.almostText && a.calledText == b.calledText && a.timeout == b.timeout
            && a.retryMax == b.retryMax && a.giveUpAfter == b.giveUpAfter
    }

    static func parse(_ node: inout ConfigurationNode) throws(ConfigurationError) -> TextGateway {
        let url = try node.string("url")
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw node.error(at: "url", "sms.url must be an http:// or https:// address, such as https://sms.example.gov.cn/send")
        }
        let method = try node.choice("method", ["POST", "GET", "PUT"]) ?? "POST"
        let headers = try node.pairs("headers").map { (name: $0.key, value: $0.value) }
        let body = try node.string("body", default: "")
        let escape = Escape(rawValue: try node.choice("escape", Escape.allCases.map(\.rawValue)) ?? "json") ?? .json
        guard (url + body + headers.map(\.value).joined()).contains("{phone}") else {
            throw node.error("sms needs {phone} in its url, headers or body: the gateway must be told whom to send to")
        }
        let gateway = TextGateway(
            url: url, method: method, headers: headers, body: body, escape: escape,
            almostText: try node.string("almost_text", default: defaultAlmostText),
            calledText: try node.string("called_text", default: defaultCalledText),
            timeout: Double(try node.int("timeout_seconds", default: 10, range: 1...120)),
            retryMax: Double(try node.int("retry_max_seconds", default: 60, range: 1...3600)),
            giveUpAfter: Double(try node.int("give_up_minutes", default: 60, range: 1...1440)) * 60)
        try node.finish()
        return gateway
    }

    /// The reminder's text: `called_text` with a window, `almost_text` without.
    public func message(_ values: Values) -> String {
        fill(values.window == nil ? almostText : calledText, values, message: "", escaping: { $0 })
    }

    /// The request that sends one reminder.
    public func request(_ values: Values) -> Request {
        let message = message(values)
        return Request(
            url: fill(url, values, message: message) { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" },
            method: method,
            // The key again as Idempotency-Key, for gateways that refuse a repeat by that header.
            headers: headers.map { (name: $0.name, value: fill($0.value, values, message: message) { $0 }) }
                + (headers.contains { $0.name.lowercased() == "idempotency-key" } ? [] : [(name: "Idempotency-Key", value: values.id)]),
            body: fill(body, values, message: message, escaping: escaped))
    }

    /// How long to wait before the next try, after `attempts` failed: doubling from 2 s up to
    /// `retry_max_seconds`.
    public func retryDelay(after attempts: Int) -> TimeInterval {
        min(retryMax, 2 * pow(2, Double(min(max(attempts - 1, 0), 20))))
    }

    private func fill(_ template: String, _ values: Values, message: String, escaping: (String) -> String) -> String {
        let fields: [(String, String)] = [
            ("{phone}", values.phone), ("{number}", values.number), ("{window}", values.window.map(String.init) ?? ""),
            ("{ahead}", values.ahead.map(String.init) ?? ""), ("{kind}", values.kind), ("{id}", values.id),
            ("{hall}", values.hall), ("{message}", message),
        ]
        var text = template
        for (field, value) in fields { text = text.replacingOccurrences(of: field, with: escaping(value)) }
        return text
    }

    private func escaped(_ value: String) -> String {
        switch escape {
        case .none: return value
        case .form:
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        case .json:
            var text = ""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                case _ where scalar.value < 0x20: text += String(format: "\\u%04x", scalar.value)
                default: text.unicodeScalars.append(scalar)
                }
            }
            return text
        }
    }
}
