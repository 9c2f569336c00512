import ArgumentParser
import Foundation
import HallConfig
import HallCore
import HallLayout
import HallProtocols

/// A text picture of a ticket as the kiosk's printer would print it, from the hall
/// configuration's layouts, with sample values: the real ESC/POS bytes, decoded back.
struct TicketPreview: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ticket-preview", abstract: "Show a ticket as it would print.")

    @Option(help: "The hall configuration (default: $HALLCTL_CONFIG or /etc/hallqd/hall.yaml).") var config: String?
    @Option(help: "The service the ticket is for.") var service: String?
    @Option(help: "A layout name in the layouts folder (default: the service's, or default).") var layout: String?
    @Option(help: "Paper width in mm: 58 or 80.") var paper = 80
    @Flag(help: "Print the ESC/POS bytes as hex instead of the picture.") var hex = false

    func run() throws {
        try Hallctl.guarded {
            let path = config ?? ProcessInfo.processInfo.environment["HALLCTL_CONFIG"] ?? "/etc/hallqd/hall.yaml"
            let hall: HallConfiguration
            do {
                hall = try HallConfiguration.load(path: path)
            } catch {
                throw CLIError("\(error)", exitCode: 2)
            }
            guard let layouts = hall.ticketLayouts else { throw CLIError("\(path) sets no hall.layouts_directory") }
            let definition = hall.definition
            guard let serviceInfo = service.map({ definition.service($0) }) ?? definition.services.first else {
                throw CLIError("no service \(service ?? "") (services: \(definition.services.map(\.id).joined(separator: ", ")))")
            }
            let columns = [58: 32, 80: 48][paper] ?? 48
            let ticketLayout: TicketLayout
            if let layout {
                let specific = "\(layouts.directory)/\(layout)-\(paper).yaml"
                let file = FileManager.default.fileExists(atPath: specific) ? specific : "\(layouts.directory)/\(layout).yaml"
                do {
                    ticketLayout = try TicketLayout.load(path: file, name: layout)
                    try ticketLayout.validate(columns: columns, widest: TicketLayouts.widestValues(definition, kiosks: hall.kiosks))
                } catch {
                    throw CLIError("\(error)", exitCode: 2)
                }
            } else if let found = layouts.layout(service: serviceInfo.id, paperMM: paper) {
                ticketLayout = found
            } else {
                throw CLIError("no layout for \(paper) mm paper: the kiosks print on other paper")
            }
            var sample = Hall(definition: definition)
            let now = Date()
            let outcome = sample.handle(.issue(service: serviceInfo.id, priority: .normal, channel: .staff), at: now)
            guard let ticket = sample.tickets.values.first else {
                throw CLIError("no sample ticket: \(outcome.refusal?.description ?? "-")")
            }
            let values = TicketFields.values(
                ticket, in: sample, ahead: 3, statusURL: "\(hall.publicURL)/ticket/\(ticket.number)?k=0123456789abcdef",
                kiosk: hall.kiosks.first?.id)
            let bytes = TicketPrinterBytes.job(ticketLayout.render(values, columns: columns, cut: .feedAndCut), feedLines: 3)
            if hex {
                print(bytes.map { String(format: "%02X", $0) }.joined(separator: " "))
                return
            }
            do {
                print(TicketPicture.text(try PrintedTicket(bytes: bytes), columns: columns), terminator: "")
            } catch {
                throw CLIError("the layout made bytes that do not decode: \(error)")
            }
        }
    }
}
