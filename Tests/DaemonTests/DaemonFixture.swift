import Foundation
import HallServer
import HallTesting

#if canImport(Glibc)
import Glibc
#endif

enum DaemonFixture {
    static let adminToken = "admin-token-123"
    static let kioskToken = "kiosk-token-123"

    static let yaml = """
        hall:
          name: 测试大厅
          data_directory: {data}
        api:
          listen: 127.0.0.1:0
          tokens:
            admin: admin-token-123
            kiosk: kiosk-token-123
            window: window-token-123
            display: display-token-123
        services:
          - {id: shebao, name: 社保, name_en: Social Insurance, prefix: A}
          - {id: huji, name: 户籍, name_en: Household Registration, prefix: B}
        windows:
          - {number: 1, name: 综合窗口, services: [shebao, huji]}
          - {number: 2, services: [huji]}
        """

    /// Runs another of the package's programs and returns its exit status and output.
    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try DaemonProcess.binary(program)
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

extension HTTPConnection {
    func issue(_ service: String, token: String = DaemonFixture.kioskToken) throws -> Response {
        try request("POST", "/api/v1/tickets", json: Data(#"{"service":"\#(service)"}"#.utf8), token: token)
    }
}
