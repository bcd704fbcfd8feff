import Foundation
import Integrations
import NexBoardCore

extension ConfigReader {
    static let prometheusKeys = ["url", "username", "password", "password_file", "bearer_token", "bearer_token_file", "ca_file", "timeout",
                                 "queries"]
    static let prometheusQueryKeys = ["cpu", "memory", "disk", "network_in", "network_out"]

    /// The `prometheus` section; nil when it is absent or has problems.
    func readPrometheus(_ top: ConfigMapping) -> PrometheusConfig? {
        guard top.has("prometheus"),
              let section = mapping(top["prometheus"], at: top.path("prometheus"), parentMark: top.mark(of: "prometheus"),
                                    keys: Self.prometheusKeys)
        else { return nil }
        let url: String? = section.has("url")
            ? value("url", in: section, expected: ConfigValueForms.publicURLForm, parse: ConfigValueForms.publicURL)
            : { report(section.path("url"), "is required: Prometheus's address, like http://127.0.0.1:9090", at: section.mark(of: "url")); return nil }()
        var authentication = PrometheusConfiguration.Authentication.none
        let hasBasic = section.has("username") || section.has("password") || section.has("password_file")
        let hasBearer = section.has("bearer_token") || section.has("bearer_token_file")
        if hasBasic, hasBearer {
            report(section.path("bearer_token"), "is given with username and password; keep one way to log in", at: section.mark(of: "bearer_token"))
        } else if hasBasic {
            let username = requiredString("username", in: section, missing: "is required with a password")
            let password = secret("password", in: section, missing: "is required with a username (or password_file)")
            if let username, let password { authentication = .basic(username: username, password: password) }
        } else if hasBearer, let token = secret("bearer_token", in: section, missing: "is required") {
            authentication = .bearer(token)
        }
        let caFile = existingFile("ca_file", in: section)
        let timeout = duration("timeout", in: section, default: .seconds(10), range: .seconds(1) ... .seconds(300))
        var queries = PVEExporterQueries.standard
        if let custom = mapping(section["queries"], at: section.path("queries"), parentMark: section.mark(of: "queries"),
                                keys: Self.prometheusQueryKeys) {
            let text = { (key: String) -> String? in
                guard let query = self.string(key, in: custom) else { return nil }
                guard !query.trimmingCharacters(in: .whitespaces).isEmpty else {
                    self.report(custom.path(key), "expected a PromQL query, got an empty value", at: custom.mark(of: key))
                    return nil
                }
                return query
            }
            queries.cpu = text("cpu") ?? queries.cpu
            queries.memory = text("memory") ?? queries.memory
            queries.disk = text("disk") ?? queries.disk
            queries.networkIn = text("network_in") ?? queries.networkIn
            queries.networkOut = text("network_out") ?? queries.networkOut
        }
        guard let url, let parsed = URL(string: url) else { return nil }
        return PrometheusConfig(connection: .init(url: parsed, authentication: authentication, caFile: caFile, timeout: timeout),
                                queries: queries)
    }
}
