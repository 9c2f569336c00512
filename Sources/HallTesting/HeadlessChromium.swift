import Foundation
import HallLinux

#if canImport(Glibc)
import Glibc
#endif

/// The real browser, headless, showing one page; driven over the DevTools protocol on a
/// loopback port through `Tests/Browser/cdp.py` (one command per run). Chromium picks the port
/// itself and writes it to its profile's `DevToolsActivePort`; it dies with the process that
/// started it.
public final class HeadlessChromium {
    public private(set) var port = 0
    private let process: Process
    private let script: String
    private let profile: URL

    /// Opens `url` in a new headless Chromium with a window of `width` x `height`.
    public init(url: String, script: String, width: Int = 1920, height: Int = 1080) throws {
        self.script = script
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString.prefix(8))")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--hide-scrollbars",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=\(profile.path)",
            "--window-size=\(width),\(height)", url,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ChildProcess.run(process)
        let activePort = profile.appendingPathComponent("DevToolsActivePort").path
        guard
            eventually(
                20,
                {
                    let written = (try? String(contentsOfFile: activePort, encoding: .utf8)) ?? ""
                    port = written.split(separator: "\n").first.flatMap { Int($0) } ?? 0
                    return port > 0
                })
        else {
            stop()
            throw HarnessError("chromium did not open its DevTools port (\(activePort))")
        }
        guard try eventually(20, { (try? self.evaluate("document.readyState")) == "\"complete\"" }) else {
            stop()
            throw HarnessError("chromium did not load \(url)")
        }
    }

    deinit { stop() }

    /// SIGKILL: a child of the test runner inherits a blocked SIGTERM.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: profile)
    }

    /// The value of a JavaScript expression in the page (the tab whose address contains
    /// `page`, or the first), as JSON text.
    public func evaluate(_ expression: String, page: String? = nil) throws -> String {
        try command(["eval", expression], page: page)
    }

    /// A PNG of the page laid out at `width` x `height`.
    public func screenshot(_ file: String, width: Int, height: Int, page: String? = nil) throws {
        _ = try command(["screenshot", file, String(width), String(height)], page: page)
    }

    /// Opens `url` in a new tab and waits for it to load.
    public func open(_ url: String, page: String) throws {
        _ = try command(["open", url])
        guard try eventually(20, { (try? self.evaluate("document.readyState", page: page)) == "\"complete\"" }) else {
            throw HarnessError("chromium did not load \(url)")
        }
    }

    private func command(_ arguments: [String], page: String? = nil) throws -> String {
        let result = try runProgram(
            URL(fileURLWithPath: "/usr/bin/python3"), [script, String(port)] + (page.map { ["--page", $0] } ?? []) + arguments)
        guard result.status == 0 else { throw HarnessError("cdp.py \(arguments.first ?? ""): \(result.output)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
