import Foundation

/// Whether `condition` becomes true within `timeout` seconds, checked every 20 ms. Tests bound
/// waits generously with it; timing itself belongs in the benchmarks.
public func eventually(_ timeout: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let end = Date().addingTimeInterval(timeout)
    while Date() < end {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}
