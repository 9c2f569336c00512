/// The third status byte (SW3) of a SAM reply, with its meaning and what it says about the
/// reader's health.
public enum SAMStatus: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case ok = 0x90
    case noContent = 0x91
    case cardFound = 0x9F
    case checksumError = 0x10
    case lengthError = 0x11
    case badCommand = 0x21
    case unauthorized = 0x23
    case unrecognizedError = 0x24
    case cardCannotAuthenticateSAM = 0x31
    case samCannotAuthenticateCard = 0x32
    case verificationError = 0x33
    case unknownCardType = 0x40
    case readFailed = 0x41
    case randomNumberFailure = 0x47
    case samSelfTestFailed = 0x60
    case samNotAuthorized = 0x66
    /// No card on the reader: the normal idle answer to "find card".
    case findCardFailed = 0x80
    case selectCardFailed = 0x81

    /// What an answer means for the device.
    public enum Health: Sendable, Equatable {
        /// A normal answer.
        case fine
        /// The card in hand could not be read (dirty, foreign, pulled away): ask the citizen to try again.
        case cardProblem
        /// The link garbled a frame: worth a retry, counts as a device error.
        case linkError
        /// The SAM module or its authorisation is broken: a technician must look.
        case samFault
    }

    public var health: Health {
        switch self {
        case .ok, .noContent, .cardFound, .findCardFailed: .fine
        case .selectCardFailed, .unknownCardType, .readFailed, .cardCannotAuthenticateSAM, .samCannotAuthenticateCard,
            .verificationError, .randomNumberFailure:
            .cardProblem
        case .checksumError, .lengthError, .badCommand, .unrecognizedError: .linkError
        case .unauthorized, .samSelfTestFailed, .samNotAuthorized: .samFault
        }
    }

    public var description: String {
        let hex = SAMFrameError.hex(rawValue)
        return switch self {
        case .ok: "\(hex) 操作成功 / ok"
        case .noContent: "\(hex) 无此内容 / no such content"
        case .cardFound: "\(hex) 找卡成功 / card found"
        case .checksumError: "\(hex) 校验和错 / checksum error"
        case .lengthError: "\(hex) 长度错 / length error"
        case .badCommand: "\(hex) 命令错 / bad command"
        case .unauthorized: "\(hex) 越权操作 / unauthorized"
        case .unrecognizedError: "\(hex) 无法识别的错误 / unrecognized error"
        case .cardCannotAuthenticateSAM: "\(hex) 卡认证 SAM 失败 / the card failed to authenticate the SAM"
        case .samCannotAuthenticateCard: "\(hex) SAM 认证卡失败 / the SAM failed to authenticate the card"
        case .verificationError: "\(hex) 信息验证错误 / verification error"
        case .unknownCardType: "\(hex) 无法识别的卡类型 / unknown card type"
        case .readFailed: "\(hex) 读卡操作失败 / read failed"
        case .randomNumberFailure: "\(hex) 取随机数失败 / random number failure"
        case .samSelfTestFailed: "\(hex) SAM 自检失败 / SAM self-test failed"
        case .samNotAuthorized: "\(hex) SAM 未经授权 / SAM not authorized"
        case .findCardFailed: "\(hex) 寻找卡失败（无卡） / no card"
        case .selectCardFailed: "\(hex) 选取卡失败 / select card failed"
        }
    }
}
