import Foundation
import HallDevices
import HallLinux
import HallTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Serial ports over PTY pairs")
struct SerialPortTests {
    static func link() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tty-\(UUID().uuidString.prefix(8))").path
    }

    @Test(
        "the profile's line settings are applied, as the driver reads them back",
        arguments: [
            SerialSettings(baud: 9600, dataBits: 7, parity: .even, stopBits: 2),
            SerialSettings(baud: 115_200, dataBits: 8, parity: .none, stopBits: 1, flowControl: .rtscts),
            SerialSettings(baud: 19200, dataBits: 8, parity: .odd, stopBits: 1, flowControl: .xonxoff),
        ])
    func settingsApplied(settings: SerialSettings) throws {
        let pty = try PTYPair(link: Self.link())
        let port = try SerialPort(path: pty.path, settings: settings)
        let current = try port.currentSettings()
        // Linux PTYs force CS8 without parity (pty_set_termios), so data bits and parity can only
        // be read back from a real UART; everything else must be as asked.
        var expected = settings
        expected.dataBits = 8
        expected.parity = .none
        #expect(current == expected, "read back: \(current)")
    }

    @Test("every byte value passes both ways, whatever way the bytes are split")
    func bytesPassSplitAnywhere() throws {
        let pty = try PTYPair(link: Self.link())
        let port = try SerialPort(path: pty.path, settings: SerialSettings(baud: 115_200, readTimeoutMilliseconds: 200))
        let frame = (0...255).map { UInt8($0) }
        for split in [1, 2, 7, 64, 256] {
            for start in stride(from: 0, to: frame.count, by: split) { pty.send(Array(frame[start..<min(start + split, frame.count)])) }
            var received: [UInt8] = []
            while received.count < frame.count {
                let chunk = try port.read()
                if chunk.isEmpty { break }
                received += chunk
            }
            #expect(received == frame, "split \(split)")
        }
        try port.write(frame)
        #expect(pty.receive(frame.count) == frame)
        #expect(try port.read(timeoutMilliseconds: 50).isEmpty)
    }

    @Test("a second open of the same port is refused (exclusive)")
    func exclusive() throws {
        let pty = try PTYPair(link: Self.link())
        let first = try SerialPort(path: pty.path, settings: SerialSettings())
        #expect(throws: SerialPort.Failure.self) { _ = try SerialPort(path: pty.path, settings: SerialSettings()) }
        _ = first
    }
}
