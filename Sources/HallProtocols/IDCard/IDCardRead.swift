/// The data of a "read text and photo" reply: the big-endian lengths of the text, the photo
/// and (for the fingerprint command) the fingerprint, then the parts. The photo (WLT format,
/// no open decoder) and the fingerprint are only counted, never kept.
public struct IDCardRead: Sendable, Equatable {
    public var text: IDCardText
    public var photoLength: Int
    public var fingerprintLength: Int

    public init(text: IDCardText, photoLength: Int, fingerprintLength: Int = 0) {
        self.text = text
        self.photoLength = photoLength
        self.fingerprintLength = fingerprintLength
    }

    public enum Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        case short(Int)
        case lengths(text: Int, photo: Int, fingerprint: Int, available: Int)
        case text(IDCardText.Invalid)

        public var description: String {
            switch self {
            case .short(let count): "read reply data of \(count) bytes is too short"
            case .lengths(let text, let photo, let fingerprint, let available):
                "read reply announces text \(text) + photo \(photo) + fingerprint \(fingerprint) bytes but carries \(available)"
            case .text(let problem): problem.description
            }
        }
    }

    /// Reads the data after the status word.
    public init(data: [UInt8]) throws(Invalid) {
        guard data.count >= 4 else { throw .short(data.count) }
        let textLength = Int(data[0]) << 8 | Int(data[1])
        let photoLength = Int(data[2]) << 8 | Int(data[3])
        // With the fingerprint command a third length follows; tell it by the total.
        var offset = 4
        var fingerprintLength = 0
        if data.count != 4 + textLength + photoLength, data.count >= 6 {
            fingerprintLength = Int(data[4]) << 8 | Int(data[5])
            offset = 6
        }
        guard data.count == offset + textLength + photoLength + fingerprintLength, textLength == IDCardText.length else {
            throw .lengths(text: textLength, photo: photoLength, fingerprint: fingerprintLength, available: data.count - offset)
        }
        do {
            text = try IDCardText(block: Array(data[offset..<(offset + textLength)]))
        } catch {
            throw .text(error)
        }
        self.photoLength = photoLength
        self.fingerprintLength = fingerprintLength
    }

    /// The reply data a reader sends for this card, with a photo of filler bytes.
    public var data: [UInt8] {
        var data: [UInt8] = [0x01, 0x00, UInt8(photoLength >> 8), UInt8(photoLength & 0xFF)]
        if fingerprintLength > 0 { data += [UInt8(fingerprintLength >> 8), UInt8(fingerprintLength & 0xFF)] }
        data += text.block
        data += [UInt8](repeating: 0x57, count: photoLength + fingerprintLength)
        return data
    }
}
