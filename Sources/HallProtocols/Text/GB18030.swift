#if canImport(Glibc)
import Glibc
#endif

/// GB18030, the encoding Chinese printers, LED boards and serial scanners speak, through the
/// C library's iconv: every Unicode character has a GB18030 form, so encoding never fails.
public enum GB18030 {
    public static func encode(_ text: String) -> [UInt8] {
        convert(Array(text.utf8), from: "UTF-8", to: "GB18030") ?? []
    }

    /// The text, or nil when the bytes are not valid GB18030.
    public static func decode(_ bytes: [UInt8]) -> String? {
        convert(bytes, from: "GB18030", to: "UTF-8").map { String(decoding: $0, as: UTF8.self) }
    }

    private static func convert(_ input: [UInt8], from source: String, to target: String) -> [UInt8]? {
        let converter = iconv_open(target, source)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = input.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 4 + 4)
        let written = input.withUnsafeMutableBufferPointer { inBuffer -> Int? in
            output.withUnsafeMutableBufferPointer { outBuffer -> Int? in
                var inPointer = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress
                var outLeft = outBuffer.count
                guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
                // Flush any shift state.
                guard iconv(converter, nil, nil, &outPointer, &outLeft) != -1 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        return written.map { output[..<$0].map { UInt8(bitPattern: $0) } }
    }
}
