import Foundation
import HallClient
import HallLinux
import HallTesting

#if canImport(Glibc)
import Glibc
#endif

enum DaemonFixture {
    static let adminToken = SmallHall.adminToken
    static let kioskToken = SmallHall.kioskToken
    static let yaml = SmallHall.yaml

    /// Runs another of the package's programs and returns its exit status and output.
    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String)
    {
        try run(executable: try DaemonProcess.binary(program), arguments, environment: environment)
    }

    /// Runs one of the package's programs and, once it has had `settle` seconds to start, does
    /// `meanwhile` (a key pressed, a code scanned); returns its exit status and its standard output.
    static func run(
        _ program: String, _ arguments: [String], environment: [String: String], settle: Double, meanwhile: () throws -> Void
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try DaemonProcess.binary(program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        usleep(useconds_t(settle * 1_000_000))
        try meanwhile()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Runs a program to its end and returns its exit status and its output (stdout and stderr).
    static func run(executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try runProgram(executable, arguments, environment: environment)
    }
}

extension HTTPConnection {
    func issue(_ service: String, token: String = DaemonFixture.kioskToken) throws -> Response {
        try request("POST", "/api/v1/tickets", json: Data(#"{"service":"\#(service)"}"#.utf8), token: token)
    }
}
