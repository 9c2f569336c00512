import HallProtocols

/// A text picture of a printed ticket, for `hallctl ticket-preview` and the admin pages: the
/// paper's width in columns between borders, wide characters drawn wide, QR codes and the cut
/// marked.
public enum TicketPicture {
    public static func text(_ ticket: PrintedTicket, columns: Int) -> String {
        var rows: [String] = []
        func row(_ content: String, alignment: EscPos.Alignment = .left) {
            let free = max(0, columns - TextWidth.columns(content))
            let left = alignment == .center ? free / 2 : (alignment == .right ? free : 0)
            rows.append("|" + String(repeating: " ", count: left) + content + String(repeating: " ", count: free - left) + "|")
        }
        rows.append("+" + String(repeating: "-", count: columns) + "+")
        for element in ticket.elements {
            switch element {
            case .text(let text, let alignment, let width, let height, let bold):
                // A character printed w times wide takes w times its columns.
                let wide =
                    width == 1
                    ? text : text.map { String($0) + String(repeating: " ", count: (width - 1) * TextWidth.columns($0)) }.joined()
                for _ in 0..<max(1, min(height, 2)) { row(wide, alignment: alignment) }
                if bold && width == 1 && height == 1 { rows[rows.count - 1] += " (bold)" }
            case .qr(let payload, let moduleSize):
                row("[QR \(moduleSize)] " + TextWidth.truncate(payload, limit: columns - 7), alignment: .center)
            case .feed(let lines):
                for _ in 0..<lines { row("") }
            case .cut(let cut):
                rows.append("+" + String(repeating: cut == .partial ? "~" : "=", count: columns) + "+ cut")
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
