import Foundation
import HallClient
import HallTesting

#if canImport(Glibc)
import Glibc
#endif

extension Hallbench {
    /// The call to the TV display showing it (headless Chromium, timed inside the page by a
    /// MutationObserver on the same clock) and to the voice's WAV being written (#7).
    func display() throws {
        let root = URL(fileURLWithPath: devicesDirectory).deletingLastPathComponent().path
        let yaml = """
            hall: {name: 基准大厅, data_directory: "{data}", layouts_directory: "\(root)/Layouts"}
            api: {listen: "127.0.0.1:0", tokens: {admin: \(SmallHall.adminToken), display: \(SmallHall.displayToken)}}
            services:
              - {id: s0, name: 社保, prefix: A, daily_quota: 9999}
            windows:
            \((1...10).map { "  - {number: \($0), services: [s0]}" }.joined(separator: "\n"))
            voice: {number_reading: digits}
            """
        let daemon = try DaemonProcess(yaml: yaml)
        defer {
            daemon.signal(SIGTERM)
            daemon.waitForExit()
        }
        let connection = daemon.connection()
        let count = 30
        for _ in 0..<count {
            _ = try connection.request("POST", "/api/v1/tickets", json: Data(#"{"service":"s0"}"#.utf8), token: SmallHall.adminToken)
        }
        let browser = try HeadlessChromium(
            url: "http://127.0.0.1:\(daemon.port)/display?token=\(SmallHall.displayToken)", script: root + "/Tests/Browser/cdp.py")
        defer { browser.stop() }
        _ = try eventually(10) {
            try browser.evaluate("document.querySelector('#link').className === '' && !!document.querySelector('#hall').textContent")
                == "true"
        }
        _ = try browser.evaluate(
            """
            (() => { window.seen = {}; const node = document.querySelector('#newest .number');
              new MutationObserver(() => { window.seen[node.textContent] = Date.now(); }).observe(node, {childList: true, characterData: true, subtree: true}); return true; })()
            """)
        let voiceDirectory = daemon.directory.appendingPathComponent("data/voice").path
        var calledAt: [String: Double] = [:]
        var toWAV: [Double] = []
        for index in 0..<count {
            let started = Date()
            let reply = try connection.request("POST", "/api/v1/windows/\(index % 10 + 1)/call", token: SmallHall.adminToken)
            let number =
                ((try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any])?["called"] as? [String: Any])?["number"] as? String
                ?? ""
            calledAt[number] = started.timeIntervalSince1970 * 1000
            let file = String(format: "%@/%06d-call.wav", voiceDirectory, index + 1)
            while ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0) < 1000 { usleep(500) }
            toWAV.append(Date().timeIntervalSince(started) * 1000)
            // Calls a second apart, as windows call.
            usleep(400_000)
        }
        let seen =
            (try? JSONSerialization.jsonObject(
                with: Data(try browser.evaluate("JSON.stringify(window.seen)").utf8), options: .fragmentsAllowed) as? String)
            .flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Double] } ?? [:]
        var toPage = calledAt.compactMap { number, at in seen[number].map { $0 - at } }.sorted()
        toWAV.sort()
        if toPage.isEmpty { toPage = [0] }
        print("TV display and voice, \(count) calls")
        print(
            "  display:      call → the number on the page (headless Chromium): p50 \(Self.format(Self.percentile(toPage, 0.5))) ms, p99 \(Self.format(Self.percentile(toPage, 0.99))) ms over \(seen.count) calls   (target ≤ 1 s)"
        )
        print(
            "  voice:        call → the announcement's WAV written (espeak-ng, said twice): p50 \(Self.format(Self.percentile(toWAV, 0.5))) ms, p99 \(Self.format(Self.percentile(toWAV, 0.99))) ms"
        )
    }
}
