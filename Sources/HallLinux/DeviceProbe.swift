import Foundation
import HallDevices

#if canImport(Glibc)
import Glibc
#endif

/// The first check on a found device: can the daemon open its node at all?
public enum DeviceProbe {
    public static func check(_ device: DiscoveredDevice, _ profile: DeviceProfile) -> String? {
        guard let node = device.devnode, profile.transport.kind != .cups else { return nil }
        guard access(node, R_OK | W_OK) == 0 else {
            let reason = String(cString: strerror(errno))
            return "cannot open \(node) (\(reason)): install the udev rules (hallctl udev-rules) and check the daemon's groups"
        }
        return nil
    }
}
