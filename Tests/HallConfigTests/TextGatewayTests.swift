import Foundation
import HallConfig
import HallYAML
import Testing

@Suite("The SMS gateway template (sms)")
struct TextGatewayTests {
    static func configuration(_ sms: String) throws -> HallConfiguration {
        try HallConfiguration.parse(
            """
            hall: {name: 测试大厅}
            api: {tokens: {admin: admin-token-123}}
            services: [{id: shebao, name: 社保, prefix: A}]
            windows: [{number: 1, services: [shebao]}]
            \(sms)
            """, file: "hall.yaml")
    }

    static let values = TextGateway.Values(
        hall: "测试大厅", phone: "13800138000", number: "A012", kind: "called", window: 3, ahead: nil, id: "sms:2026-12-03:A012:called")

    @Test("a JSON body gets the values JSON-escaped, the URL percent-encoded, and the key as Idempotency-Key")
    func jsonRequest() throws {
        let gateway = try #require(
            try Self.configuration(
                """
                sms:
                  url: "http://127.0.0.1:9/send?to={phone}&ref={id}"
                  headers: {Content-Type: application/json, X-Token: "t-1"}
                  body: '{"mobile": "{phone}", "content": "{message}", "kind": "{kind}"}'
                  called_text: '请 {number} 号到 {window} 号窗口 "{hall}"'
                """
            ).textGateway)
        let request = gateway.request(Self.values)
        #expect(request.method == "POST")
        #expect(request.url == "http://127.0.0.1:9/send?to=13800138000&ref=sms%3A2026%2D12%2D03%3AA012%3Acalled")
        #expect(request.body == #"{"mobile": "13800138000", "content": "请 A012 号到 3 号窗口 \"测试大厅\"", "kind": "called"}"#)
        let body = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: String]
        #expect(body?["content"] == #"请 A012 号到 3 号窗口 "测试大厅""#)
        #expect(request.headers.map(\.name) == ["Content-Type", "X-Token", "Idempotency-Key"])
        #expect(request.headers.last?.value == "sms:2026-12-03:A012:called")
    }

    @Test("the default texts are Chinese first; almost-your-turn has the people ahead; a form body is percent-encoded")
    func defaultTexts() throws {
        let gateway = try #require(
            try Self.configuration(
                """
                sms: {url: "https://sms.example.gov.cn/send", body: "m={phone}&c={message}", escape: form}
                """
            ).textGateway)
        var almost = Self.values
        (almost.kind, almost.window, almost.ahead) = ("ahead", nil, 3)
        #expect(gateway.message(almost) == "【测试大厅】A012 号前面还有 3 人，请回到大厅等候 / A012: 3 ahead, please come back")
        #expect(gateway.message(Self.values) == "【测试大厅】请 A012 号到 3 号窗口办理 / A012, please go to window 3")
        let body = gateway.request(Self.values).body
        #expect(body.hasPrefix("m=13800138000&c=%E3%80%90") && !body.contains(" "))
        #expect(body.removingPercentEncoding == "m=13800138000&c=" + gateway.message(Self.values))
    }

    @Test("the wait between tries doubles from 2 s up to retry_max_seconds")
    func backoff() throws {
        let gateway = try #require(
            try Self.configuration("sms: {url: \"http://127.0.0.1:9/\", body: \"{phone}\", retry_max_seconds: 20}").textGateway)
        #expect((1...6).map(gateway.retryDelay(after:)) == [2, 4, 8, 16, 20, 20])
    }

    @Test("a gateway without {phone}, or with a URL that is not http(s), is refused at its line")
    func refused() throws {
        #expect(throws: ConfigurationError.self) { try Self.configuration("sms: {url: \"http://127.0.0.1:9/\", body: \"hello\"}") }
        do {
            _ = try Self.configuration("sms: {url: \"ftp://x/\", body: \"{phone}\"}")
            Issue.record("an ftp gateway was accepted")
        } catch {
            #expect("\(error)".contains("http:// or https://"))
        }
    }
}
