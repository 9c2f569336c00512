/// The kinds of hall hardware; each is a folder of `Devices/`.
public enum DeviceFamily: String, Sendable, Codable, CaseIterable {
    case idReaders = "id-readers"
    case scanners
    case printers
    case boards
    case keypads
}
