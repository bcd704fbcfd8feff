import Alerting
import Foundation
import Integrations
import Logging
import NexBoardCore
import ServiceLifecycle

/// Reads the homelab services every `interval` (the clusters' poll interval) into an
/// `IntegrationSample` and hands it to the alert center, whose integration rules (WAN address
/// changed, gateway down or lossy, DNS blocking off, certificate expiry, app down) go through the
/// same outbox, subscriptions and silences as a cluster's. A service that does not answer leaves
/// its part of the sample empty: its alerts keep their state.
struct IntegrationAlertSource: Service {
    let homelab: HomelabServices
    let center: AlertCenter
    let interval: Duration
    let clock: AnyClock
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await center.cycle(integrations: await sample())
            } catch {
                logger.error("Integration alert cycle failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
        }
    }

    /// One reading of every configured service, concurrently.
    func sample() async -> IntegrationSample {
        async let firewall = readFirewall()
        async let certificates = readCertificates()
        async let filters = readFilters()
        async let apps = homelab.apps?.latest()
        var sample = IntegrationSample()
        if let status = await firewall {
            sample.gateways = status.gateways.map { IntegrationSample.Gateway(name: $0.name, isDown: $0.isDown, loss: $0.loss) }
            sample.wanChange = .some(await homelab.wanTracker.observe(status.wanAddress, at: homelab.now()))
        }
        sample.filters = await filters
        var certificateSamples: [IntegrationSample.Certificate]?
        let proxyCertificates = await certificates
        if let list = proxyCertificates {
            certificateSamples = list.compactMap { certificate in
                certificate.expiresOn.map { IntegrationSample.Certificate(id: "proxy:\(certificate.id)", label: "Certificate \(certificate.name)", expires: $0) }
            }
        }
        if let latest = await apps {
            let checked = latest.compactMap { entry in entry.result.map { (entry.app, $0) } }
            sample.apps = checked.map { IntegrationSample.App(name: $0.0.name, isUp: $0.1.isUp) }
            let appCertificates = checked.compactMap { app, result in
                result.certificateExpiry.map { IntegrationSample.Certificate(id: "app:\(app.name)", label: "Certificate of \(app.name)", expires: $0) }
            }
            certificateSamples = (certificateSamples ?? []) + appCertificates
        }
        // A proxy that did not answer leaves every certificate unread, so that its alerts do not resolve.
        let proxyUnread = homelab.proxy != nil && proxyCertificates == nil
        sample.certificates = proxyUnread ? nil : certificateSamples
        return sample
    }

    private func readFirewall() async -> FirewallStatus? {
        try? await homelab.firewall?.status(logger: logger)
    }

    private func readCertificates() async -> [ProxyCertificate]? {
        try? await homelab.proxy?.certificates(logger: logger)
    }

    /// Every filter's blocking state; nil when there is none, or one of them could not be read (its alert keeps its state).
    private func readFilters() async -> [IntegrationSample.Filter]? {
        guard !homelab.dnsFilters.isEmpty else { return nil }
        var filters: [IntegrationSample.Filter] = []
        for named in homelab.dnsFilters {
            guard let status = try? await named.filter.status(logger: logger) else { return nil }
            filters.append(IntegrationSample.Filter(name: named.filter.service, isBlocking: status.blocking.isEnabled))
        }
        return filters
    }
}

/// Remembers the WAN address between readings, and its latest change.
actor WANTracker {
    private var address: String?
    private var change: IntegrationSample.WANChange?

    /// The latest change after reading `current` (nil: none seen since NexBoard started).
    func observe(_ current: String?, at date: Date) -> IntegrationSample.WANChange? {
        if let current {
            if let address, address != current { change = IntegrationSample.WANChange(from: address, to: current, at: date) }
            address = current
        }
        return change
    }
}
