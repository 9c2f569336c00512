import HallProtocols

/// Turns a rendered ticket into the ESC/POS job a printer profile asks for.
public enum TicketPrinterBytes {
    public static func job(
        _ elements: [PrintedTicket.Element], encoding: EscPos.TextEncoding = .gb18030, chineseMode: Bool = true, feedLines: Int = 0
    ) -> [UInt8] {
        var encoder = EscPosEncoder(encoding: encoding, chineseMode: chineseMode)
        encoder.initialize()
        var state: (alignment: EscPos.Alignment, width: Int, height: Int, bold: Bool) = (.left, 1, 1, false)
        for element in elements {
            switch element {
            case .text(let text, let alignment, let width, let height, let bold):
                if alignment != state.alignment { encoder.align(alignment) }
                if (width, height) != (state.width, state.height) { encoder.size(width: width, height: height) }
                if bold != state.bold { encoder.bold(bold) }
                state = (alignment, width, height, bold)
                encoder.line(text)
            case .qr(let payload, let moduleSize):
                if state.alignment != .center {
                    encoder.align(.center)
                    state.alignment = .center
                }
                encoder.qr(payload, moduleSize: moduleSize)
                encoder.feed(1)
            case .feed(let lines):
                encoder.feed(lines)
            case .cut(let kind):
                if feedLines > 0 { encoder.feed(feedLines) }
                encoder.cut(kind)
            }
        }
        return encoder.bytes
    }
}
