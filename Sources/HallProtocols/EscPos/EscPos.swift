/// The ESC/POS vocabulary a ticket needs (PROTOCOLS.md section 3).
public enum EscPos {
    public enum Alignment: UInt8, Sendable, Equatable, CaseIterable {
        case left = 0
        case center = 1
        case right = 2
    }

    public enum Cut: Sendable, Equatable {
        case full, partial
        /// Feed to the cutter, then cut (`GS V 66 n`).
        case feedAndCut

        /// The cut a profile or a layout names: `full`, `partial`, `feed-and-cut`; nil otherwise
        /// (`none`: no cutter).
        public init?(word: String) {
            switch word {
            case "full": self = .full
            case "partial": self = .partial
            case "feed-and-cut": self = .feedAndCut
            default: return nil
            }
        }
    }

    public enum ErrorCorrection: UInt8, Sendable, Equatable {
        case low = 0x30
        case medium = 0x31
        case quartile = 0x32
        case high = 0x33
    }

    /// Text encodings printers take for Chinese.
    public enum TextEncoding: String, Sendable, Equatable {
        case gb18030, gbk
    }

    /// The paper status `DLE EOT 4` answers.
    public enum PaperStatus: Sendable, Equatable {
        case ok, nearEnd, out

        /// Reads a status byte: bits 2-3 near end, bits 5-6 out (0x12 ok, 0x1E near end, 0x72 out).
        public init(byte: UInt8) {
            if byte & 0x60 != 0 {
                self = .out
            } else if byte & 0x0C != 0 {
                self = .nearEnd
            } else {
                self = .ok
            }
        }
    }

    public static let statusRequest: [UInt8] = [0x10, 0x04, 0x04]
}
