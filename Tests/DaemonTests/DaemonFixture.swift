import Foundation
import HallServer
import HallTesting

#if canImport(Glibc)
import Glibc
#endif

enum DaemonFixture {
    static let adminToken = SmallHall.adminToken
    static let kioskToken = SmallHall.kioskToken
    static let yaml = SmallHall.yaml

    /// Runs another of the package's programs and returns its exit status and output.
    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try run(executable: try DaemonProcess.binary(program), arguments, environment: environment)
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
