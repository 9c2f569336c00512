import HallCore
import HallStore
import Prometheus

/// Prometheus metrics for `/metrics`. Queue gauges are read from the hall at scrape time.
public final class HallMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let issueLatency: DurationHistogram

    public init() {
        issueLatency = registry.makeDurationHistogram(
            name: "hall_ticket_issue_seconds", labels: [],
            buckets: [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)],
            help: "Time from a ticket request to its durable answer")
    }

    func ticketIssued(service: String, duration: Duration) {
        registry.makeCounter(name: "hall_tickets_issued_total", labels: [("service", service)], help: "Tickets issued").increment()
        issueLatency.recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    func refused(code: String) {
        registry.makeCounter(name: "hall_commands_refused_total", labels: [("code", code)], help: "Commands the hall refused, by reason").increment()
    }

    func render(engine: HallEngine) async -> String {
        let (hall, failure, subscribers) = await (engine.read { $0 }, engine.failure, engine.subscriberCount)
        for service in hall.definition.services {
            registry.makeGauge(name: "hall_tickets_waiting", labels: [("service", service.id)], help: "Tickets waiting per service")
                .set(Double(hall.waitingCount(service: service.id)))
        }
        registry.makeGauge(name: "hall_windows_paused", help: "Windows paused now").set(Double(hall.windows.values.filter(\.paused).count))
        registry.makeGauge(name: "hall_event_subscribers", help: "Open event streams").set(Double(subscribers))
        registry.makeGauge(name: "hall_journal_healthy", help: "1 while the journal accepts writes").set(failure == nil ? 1.0 : 0.0)
        return registry.emitToString()
    }
}
