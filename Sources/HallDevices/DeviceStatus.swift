import Foundation
import HallCore

/// One device as the technician sees it.
public struct DeviceStatus: Sendable, Equatable, Codable {
    /// The role when bound (`K1.reader`), otherwise `<profile or unknown>@<node>`.
    public var id: String
    public var role: String?
    public var profile: String?
    public var model: String?
    public var path: String?
    public var usbID: String?
    public var state: DeviceState
    /// Why it is in this state, in plain words.
    public var reason: String
    public var since: Date
    public var lastError: String?
    public var bytesIn: Int = 0
    public var bytesOut: Int = 0
    public var frames: Int = 0
    public var errors: Int = 0
    /// The udev path of the device while present.
    public var syspath: String?
}
