/// The pages people use, served by hallqd: plain HTML, CSS and JavaScript with no outside
/// address and no build step. They are files in `Resources/`, compiled into the program
/// (SwiftPM's `embedInCode`), so that an installed daemon needs nothing beside itself.
///
/// Each page's own part (`kiosk.html`, `window.html`, `evaluate.html`, `ticket.html`,
/// `admin.html`) goes inside one frame (`frame.html`): a stylesheet (`shared.css`: kiosk text
/// at least 24 px, Chinese with English beside it as `.zh` / `.en`, switchable) and a small
/// script library (`shared.js`: the token from the page's address, `api()` that turns the
/// daemon's JSON errors into their Chinese message, and a live event stream that reconnects).
/// The rating buttons (`rating.html`) go where a page says `<!-- rating.html -->`.
///
/// The TV display (`display.html`: who is called to which window, the recent calls, who waits
/// for each service, a scrolling notice; landscape and portrait) is a page of its own.
enum Pages {
    static let kiosk = framed(PackageResources.kiosk_html)
    static let window = framed(PackageResources.window_html)
    static let evaluate = framed(PackageResources.evaluate_html)
    static let ticket = framed(PackageResources.ticket_html)
    static let admin = framed(PackageResources.admin_html)
    static let display = text(PackageResources.display_html)
    /// The API description served at `/openapi.yaml`; a test checks that its paths and the
    /// router's routes are the same set.
    static let openAPI = text(PackageResources.openapi_yaml)

    private static func framed(_ page: [UInt8]) -> String {
        text(PackageResources.frame_html)
            .replacingOccurrences(of: "/* shared.css */", with: text(PackageResources.shared_css))
            .replacingOccurrences(of: "/* shared.js */", with: text(PackageResources.shared_js))
            .replacingOccurrences(
                of: "<!-- page -->",
                with: text(page).replacingOccurrences(of: "<!-- rating.html -->", with: text(PackageResources.rating_html)))
    }

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
