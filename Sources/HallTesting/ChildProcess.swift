import Foundation

/// Starts the programs a test or a benchmark needs (hallqd, hallsim, cupsd, Chromium) so that
/// they die with it however it ends, a crash or SIGKILL included: each goes through util-linux's
/// `setpriv --pdeathsig KILL`, which asks the kernel to kill the program when its parent ends.
/// The kernel counts the *thread* that started the child as its parent, and the threads of
/// Dispatch and of Swift's concurrency come and go, so every child is started from one thread
/// that lives as long as the process.
public enum ChildProcess {
    /// Runs `process` (its `executableURL` and `arguments` as set) as a child that dies with
    /// this process.
    public static func run(_ process: Process) throws {
        guard let program = process.executableURL else { throw HarnessError("no program to run") }
        process.arguments = ["--pdeathsig", "KILL", "--", program.path] + (process.arguments ?? [])
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        try Spawner.shared.run(process)
    }
}

/// The one thread children are started from.
private final class Spawner: @unchecked Sendable {
    static let shared = Spawner()
    private let condition = NSCondition()
    private var requests: [() -> Void] = []

    private init() {
        let thread = Thread { [self] in serve() }
        thread.name = "child-spawner"
        thread.start()
    }

    func run(_ process: Process) throws {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: (any Error)?
        condition.lock()
        requests.append {
            do { try process.run() } catch { failure = error }
            done.signal()
        }
        condition.signal()
        condition.unlock()
        done.wait()
        if let failure { throw failure }
    }

    private func serve() {
        while true {
            condition.lock()
            while requests.isEmpty { condition.wait() }
            let request = requests.removeFirst()
            condition.unlock()
            request()
        }
    }
}
