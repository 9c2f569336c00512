import Foundation
import HallClient
import HallLinux
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real daemon's voice and TV display.
@Suite("Voice and display through the real daemon", .serialized)
struct VoiceAndDisplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    static func yaml(port: Int = 0, player: String) -> String {
        """
        hall:
          name: 测试大厅
          data_directory: {data}
          layouts_directory: \(root)/Layouts
        api:
          listen: 127.0.0.1:\(port)
          tokens: {admin: \(SmallHall.adminToken), display: \(SmallHall.displayToken)}
        services:
          - {id: shebao, name: 社保, name_en: Social Insurance, prefix: A, daily_quota: 999}
          - {id: huji, name: 户籍, name_en: Household Registration, prefix: B}
        windows:
        \((1...5).map { "  - {number: \($0), services: [shebao, huji]}" }.joined(separator: "\n"))
        voice:
          number_reading: digits
          player: \(player)
        display:
          notice: 请保管好随身物品 / Please keep your belongings with you
        """
    }

    static func entries(_ daemon: DaemonProcess) throws -> [[String: Any]] {
        let response = try daemon.connection().request("GET", "/api/v1/announcements", token: SmallHall.adminToken)
        return try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]] ?? []
    }

    static func soxi(_ file: String) throws -> Double {
        let result = try runProgram(URL(fileURLWithPath: "/usr/bin/soxi"), ["-D", file])
        return Double(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test(
        "five calls in a row are said one after another in order, a call finished before its turn is dropped, and each WAV is as long as its words"
    )
    func fiveCalls() throws {
        // A player that takes 1 s per announcement, as a sound card would take the sound's
        // length: window 5's call waits 4 s for its turn, time enough on a loaded machine for the
        // requests below to finish it first.
        let daemon = try DaemonProcess(yaml: Self.yaml(player: #"[sh, -c, "sleep 1", "{file}"]"#))
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        let connection = daemon.connection()
        for _ in 1...6 {
            _ = try connection.request("POST", "/api/v1/tickets", json: Data(#"{"service":"shebao"}"#.utf8), token: SmallHall.adminToken)
        }
        for window in 1...5 { _ = try connection.request("POST", "/api/v1/windows/\(window)/call", token: SmallHall.adminToken) }
        // Window 5's citizen is served at once (finished before the voice gets to them).
        _ = try connection.request("POST", "/api/v1/windows/5/finish", token: SmallHall.adminToken)
        _ = try connection.request("POST", "/api/v1/windows/1/recall", token: SmallHall.adminToken)
        #expect(
            try eventually(30) {
                try Self.entries(daemon).count == 6 && Self.entries(daemon).allSatisfy { $0["finishedAt"] != nil || $0["dropped"] != nil }
            })
        let entries = try Self.entries(daemon)
        try #require(entries.count == 6, "\(entries)")
        #expect(entries.map { $0["kind"] as? String } == ["call", "call", "call", "call", "call", "recall"])
        #expect(entries.map { $0["number"] as? String } == ["A001", "A002", "A003", "A004", "A005", "A001"])
        #expect((entries[0]["sentences"] as? [String]) == ["请 A 零零一 号，到 一 号窗口办理"])
        #expect((entries[4]["dropped"] as? String)?.contains("finished") == true, "\(entries[4])")
        let said = entries.filter { $0["dropped"] == nil }
        #expect(said.count == 5, "\(entries)")
        // One at a time: each starts after the one before has finished.
        let formatter = ISO8601DateFormatter()
        let times = try said.map {
            (
                try #require(formatter.date(from: $0["startedAt"] as? String ?? "")),
                try #require(formatter.date(from: $0["finishedAt"] as? String ?? ""))
            )
        }
        for (before, after) in zip(times, times.dropFirst()) { #expect(after.0 >= before.1) }
        // A transfer is said once to the citizen moved; closing time when the admin asks. (The
        // transfer reaches the voice through the event stream, the closing straight from the
        // request: ask for it once the transfer's is in line.)
        _ = try connection.request(
            "POST", "/api/v1/windows/2/transfer", json: Data(#"{"service":"huji"}"#.utf8), token: SmallHall.adminToken)
        try #require(try eventually(20) { try Self.entries(daemon).count == 7 })
        let closing = try connection.request(
            "POST", "/api/v1/announcements", json: Data(#"{"kind":"closing"}"#.utf8), token: SmallHall.adminToken)
        #expect(closing.status == 202)
        #expect(
            try connection.request("POST", "/api/v1/announcements", json: Data(#"{"kind":"call"}"#.utf8), token: SmallHall.adminToken)
                .status == 400)
        #expect(
            try eventually(20) {
                try Self.entries(daemon).count == 8 && Self.entries(daemon).allSatisfy { $0["finishedAt"] != nil || $0["dropped"] != nil }
            })
        let later = try Self.entries(daemon).suffix(2)
        #expect(later.map { $0["sentences"] as? [String] } == [["A 零零二 号，请到 户籍 等候"], ["测试大厅 即将结束今天的服务，请抓紧办理"]], "\(later)")
        // Said twice with a 0.6 s pause: a sentence of about 4 s makes a file of about 8.5 s.
        let length = try Self.soxi(try #require(said[0]["file"] as? String))
        #expect((5...13).contains(length), "\(length) s")
    }

    @Test(
        "in headless Chromium, a call appears on the display, the page recovers after a daemon restart, and both orientations are drawn"
    )
    func display() throws {
        let daemon = try DaemonProcess(yaml: Self.yaml(player: "true {file}"))
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        let connection = daemon.connection()
        for _ in 1...3 {
            _ = try connection.request("POST", "/api/v1/tickets", json: Data(#"{"service":"shebao"}"#.utf8), token: SmallHall.adminToken)
        }
        let browser = try HeadlessChromium(
            url: "http://127.0.0.1:\(daemon.port)/display?token=\(SmallHall.displayToken)", script: Self.root + "/Tests/Browser/cdp.py")
        defer { browser.stop() }
        let newest = "document.querySelector('#newest .number').textContent"
        // Connected: the stream is open and the page has drawn the hall.
        #expect(
            try eventually {
                try browser.evaluate("document.querySelector('#link').className === '' && document.querySelector('#hall').textContent")
                    == "\"测试大厅\""
            })

        // How soon is hallbench's to measure (display: call → the number on the page).
        _ = try connection.request("POST", "/api/v1/windows/2/call", token: SmallHall.adminToken)
        #expect(try eventually { try browser.evaluate(newest) == "\"A001\"" })
        #expect(try browser.evaluate("document.querySelector('#newest .window').textContent") == "\"请到 2 号窗口\"")
        #expect(try browser.evaluate("document.querySelector('#services .count').textContent") == "\"2 人\"")

        // The daemon restarts: the page notices, reconnects by itself and shows the next call.
        // It comes back on the port the kernel gave it at first, as a hall's daemon keeps its
        // configured port.
        daemon.signal(SIGTERM)
        daemon.waitForExit()
        #expect(try eventually { try browser.evaluate("document.querySelector('#link').className") == "\"down\"" })
        try Self.yaml(port: daemon.port, player: "true {file}").replacingOccurrences(
            of: "{data}", with: daemon.directory.appendingPathComponent("data").path
        )
        .write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        try daemon.start()
        _ = try daemon.connection().request("POST", "/api/v1/windows/3/call", token: SmallHall.adminToken)
        #expect(try eventually(15) { try browser.evaluate(newest) == "\"A002\"" })
        #expect(try browser.evaluate("[...document.querySelectorAll('#recent li .number')].map(n => n.textContent).join()") == "\"A001\"")

        // For a person to look at: both orientations.
        let shots = URL(fileURLWithPath: Self.root).appendingPathComponent(".build/screenshots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        for (name, width, height) in [("display-landscape", 1920, 1080), ("display-portrait", 1080, 1920)] {
            let file = shots.appendingPathComponent("\(name).png").path
            try browser.screenshot(file, width: width, height: height)
            let png = try Data(contentsOf: URL(fileURLWithPath: file))
            // PNG width and height, big-endian at bytes 16 and 20.
            let size = (png[16..<20].reduce(0) { $0 << 8 | Int($1) }, png[20..<24].reduce(0) { $0 << 8 | Int($1) })
            #expect(size == (width, height), "\(file): \(size)")
            print("screenshot: \(file)")
        }
        // Nothing in the page reaches outside the daemon.
        #expect(try browser.evaluate("performance.getEntriesByType('resource').every(e => e.name.startsWith(location.origin))") == "true")
    }
}
