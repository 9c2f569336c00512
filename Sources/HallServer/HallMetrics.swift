import Foundation
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
            descriptor: MetricNameDescriptor(
                metricName: "hall_ticket_issue", unitName: "seconds", helpText: "Time from a ticket request to its durable answer"),
            buckets: [
                .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                .milliseconds(100), .milliseconds(250), .seconds(1),
            ])
    }

    func ticketIssued(service: String, duration: Duration) {
        counter("hall_tickets_issued", "Tickets issued", [("service", service)]).increment()
        issueLatency.recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    func refused(code: String) {
        counter("hall_commands_refused", "Commands the hall refused, by reason", [("code", code)]).increment()
    }

    func render(engine: HallEngine, devices: [DeviceStatus], reminders: Outbox.Backlog? = nil, now: Date = Date()) async -> String {
        for device in devices {
            for state in DeviceState.allCases {
                gauge("hall_device_state", "1 for the state each device is in", [("device", device.id), ("state", state.rawValue)])
                    .set(device.state == state ? 1.0 : 0.0)
            }
            gauge("hall_device_errors", "Errors a device has had since the daemon started", [("device", device.id)])
                .set(Double(device.errors))
            gauge("hall_device_bytes", "Bytes moved per device", [("device", device.id), ("direction", "in")])
                .set(Double(device.bytesIn))
            gauge("hall_device_bytes", "Bytes moved per device", [("device", device.id), ("direction", "out")])
                .set(Double(device.bytesOut))
        }
        let (hall, failure, subscribers) = await (engine.read { $0 }, engine.failure, engine.subscriberCount)
        for service in hall.definition.services {
            gauge("hall_tickets_waiting", "Tickets waiting per service", [("service", service.id)])
                .set(Double(hall.waitingCount(service: service.id)))
        }
        gauge("hall_windows_paused", "Windows paused now").set(Double(hall.windows.values.filter(\.paused).count))
        gauge("hall_event_subscribers", "Open event streams").set(Double(subscribers))
        gauge("hall_journal_healthy", "1 while the journal accepts writes").set(failure == nil ? 1.0 : 0.0)
        if let reminders {
            let sms = [("channel", "sms")]
            gauge("hall_outbox_pending", "Messages waiting to be delivered", sms).set(Double(reminders.pending))
            gauge("hall_outbox_oldest_seconds", "Age of the oldest message waiting (0 when none waits)", sms)
                .set(reminders.oldest.map { now.timeIntervalSince($0) } ?? 0)
            gauge("hall_outbox_delivered", "Messages delivered, ever", sms).set(Double(reminders.sent))
            gauge("hall_outbox_given_up", "Messages given up (too late, or refused for good), ever", sms).set(Double(reminders.givenUp))
        }
        return registry.emitToString()
    }

    /// A counter named `<name>_total`.
    private func counter(_ name: String, _ help: String, _ labels: [(String, String)]) -> Counter {
        registry.makeCounter(descriptor: MetricNameDescriptor(metricName: name, unitName: "total", helpText: help), labels: labels)
    }

    private func gauge(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }
}
