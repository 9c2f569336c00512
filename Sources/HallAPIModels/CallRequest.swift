import Foundation

/// `POST /api/v1/windows/{w}/call`: with a number, that ticket (指呼); without, the next one.
public struct CallRequest: Codable, Sendable, Equatable {
    public var number: String?

    public init(number: String? = nil) {
        self.number = number
    }
}
