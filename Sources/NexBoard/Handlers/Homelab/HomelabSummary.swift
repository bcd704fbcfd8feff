import Foundation
import Integrations
import NexBoardCore

/// One overview line per configured integration (DNS filter, firewall, reverse proxy, apps), for a
/// requester who may see them (`integrations.view`). A service that does not answer reads so.
enum HomelabSummary {
    static func fields(_ context: CommandContext) async -> [Message.Field] {
        guard let homelab = context.services.homelab,
              context.policy.check(.integrationsView, subjects: context.request.subjects).isAllowed else { return [] }
        async let dns = dnsLine(homelab.dnsFilters, context: context)
        async let firewall = firewallLine(homelab.firewall, context: context)
        async let proxy = proxyLine(homelab.proxy, context: context)
        async let apps = appsLine(homelab.apps)
        let lines: [(String, String?)] = [("DNS", await dns), ("Firewall", await firewall), ("Proxy", await proxy), ("Apps", await apps)]
        return lines.compactMap { name, value in value.map { Message.Field(name, $0, inline: false) } }
    }

    private static func firewallLine(_ firewall: PfSenseClient?, context: CommandContext) async -> String? {
        guard let firewall else { return nil }
        return await line {
            let status = try await firewall.status(logger: context.logger)
            let online = status.gateways.filter { !$0.isDown }.count
            return "WAN \(status.wanAddress ?? "none"), \(online)/\(status.gateways.count) gateways online"
        }
    }

    private static func proxyLine(_ proxy: NPMClient?, context: CommandContext) async -> String? {
        guard let proxy else { return nil }
        return await line {
            let hosts = try await proxy.proxyHosts(logger: context.logger)
            let soonest = hosts.compactMap { $0.certificate?.daysLeft(now: context.now) }.min()
            return "\(hosts.count) hosts" + (soonest.map { ", next certificate expiry in \($0) days" } ?? "")
        }
    }

    private static func appsLine(_ board: AppStatusBoard?) async -> String? {
        guard let board else { return nil }
        let latest = await board.latest()
        let down = latest.filter { $0.result?.isUp == false }.map(\.app.name)
        let checked = latest.filter { $0.result != nil }.count
        let unchecked = latest.count - checked
        return "\(checked - down.count)/\(latest.count) up" + (down.isEmpty ? "" : " (down: \(down.joined(separator: ", ")))")
            + (unchecked == 0 ? "" : ", \(unchecked) not checked yet")
    }

    private static func dnsLine(_ filters: [HomelabServices.NamedFilter], context: CommandContext) async -> String? {
        guard !filters.isEmpty else { return nil }
        var parts: [String] = []
        for named in filters {
            parts.append(await line {
                let status = try await named.filter.status(logger: context.logger)
                return "\(named.filter.service) blocking \(DNSBlockingText.describe(status.blocking, now: context.now)), "
                    + "\(Format.percent(status.blockedRatio)) blocked \(status.period)"
            })
        }
        return parts.joined(separator: "; ")
    }

    private static func line(_ read: @Sendable () async throws -> String) async -> String {
        do { return try await read() } catch { return (error as? any UserFacingError)?.userMessage ?? "could not be read" }
    }
}
