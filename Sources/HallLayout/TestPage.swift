import HallProtocols

/// A printer's test page: every size, Chinese, alignment, a QR code and the cut.
public enum TestPage {
    public static let elements: [PrintedTicket.Element] = [
        .text("打印测试 / PRINT TEST", alignment: .center, width: 1, height: 1, bold: true),
        .text("A001", alignment: .center, width: 4, height: 4, bold: true),
        .text("大号 3x3", alignment: .center, width: 3, height: 3, bold: false),
        .text("中号 2x2", alignment: .center, width: 2, height: 2, bold: false),
        .text("正常 1x1 中文：社保 医保 不动产登记", alignment: .left, width: 1, height: 1, bold: false),
        .text("右对齐 right", alignment: .right, width: 1, height: 1, bold: false),
        .qr("HallQueue printer test", moduleSize: 6),
        .feed(2),
        .cut(.feedAndCut),
    ]

    /// The page's bytes for a printer that takes `encoding`, in Chinese mode or not.
    public static func bytes(encoding: EscPos.TextEncoding, chineseMode: Bool) -> [UInt8] {
        TicketPrinterBytes.job(elements, encoding: encoding, chineseMode: chineseMode)
    }
}
