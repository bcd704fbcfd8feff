import Integrations

extension CommandContext {
    /// The configured DNS filters; refuses with a clear message when none is.
    func dnsFilters() throws -> [HomelabServices.NamedFilter] {
        guard let filters = services.homelab?.dnsFilters, !filters.isEmpty else {
            throw InvalidRequest(userMessage: "No DNS filter is configured: add integrations.pihole or integrations.adguard to the configuration.")
        }
        return filters
    }
}

extension CommandContext {
    /// The configured firewall; refuses with a clear message when none is.
    func firewall() throws -> PfSenseClient {
        guard let firewall = services.homelab?.firewall else {
            throw InvalidRequest(userMessage: "No firewall is configured: add integrations.pfsense to the configuration.")
        }
        return firewall
    }

    /// The configured reverse proxy; refuses with a clear message when none is.
    func reverseProxy() throws -> NPMClient {
        guard let proxy = services.homelab?.proxy else {
            throw InvalidRequest(userMessage: "No reverse proxy is configured: add integrations.npm to the configuration.")
        }
        return proxy
    }
}
