import HallCore
import HallDevices
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

    func render(engine: HallEngine, devices: [DeviceStatus]) async -> String {
        for device in devices {
            for state in DeviceState.allCases {
                registry.makeGauge(name: "hall_device_state", labels: [("device", device.id), ("state", state.rawValue)], help: "1 for the state each device is in")
                    .set(device.state == state ? 1.0 : 0.0)
            }
            registry.makeGauge(name: "hall_device_errors", labels: [("device", device.id)], help: "Errors a device has had since the daemon started")
                .set(Double(device.errors))
            registry.makeGauge(name: "hall_device_bytes", labels: [("device", device.id), ("direction", "in")], help: "Bytes moved per device")
                .set(Double(device.bytesIn))
            registry.makeGauge(name: "hall_device_bytes", labels: [("device", device.id), ("direction", "out")], help: "Bytes moved per device")
                .set(Double(device.bytesOut))
        }
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
