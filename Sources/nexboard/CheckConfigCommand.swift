import ArgumentParser
import NexBoard
import NexBoardCore

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a configuration file (and the catalog of its commands_dir) and print every problem with its key path.")

    @Argument(help: "The configuration file.")
    var file: String?

    @Option(name: .shortAndLong, help: "The configuration file, given as `run` takes it.")
    var config: String?

    func validate() throws {
        switch (file, config) {
        case (nil, nil): throw ValidationError("Name the configuration file: nexboard check-config FILE (or --config FILE).")
        case (_?, _?): throw ValidationError("Name the configuration file once: as an argument or with --config, not both.")
        default: break
        }
    }

    func run() throws {
        let file = file ?? config ?? ""
        let config = try Startup.loadConfig(file)
        let catalog = try Startup.loadCatalog(nil, config: config)
        print("\(file): OK")
        for line in Self.summary(config, commands: catalog.commands.count) { print("  " + line) }
        for warning in config.console.assetWarnings { print("  warning: " + warning) }
    }

    /// What the file sets up, one line per part, so that a section read differently than meant shows.
    static func summary(_ config: NexBoardConfig, commands: Int) -> [String] {
        let roles = Set(config.bindings.map(\.role)).sorted()
        let chats = [config.discord.map { _ in "Discord" }, config.slack.map { _ in "Slack" }, config.matrix.map { _ in "Matrix" }]
            .compactMap { $0 }
        let integrations = config.integrations
        let services = [config.prometheus.map { _ in "Prometheus" }, integrations.pfsense.map { _ in "pfSense" }, integrations.pihole.map { _ in "Pi-hole" },
                        integrations.adguard.map { _ in "AdGuard Home" }, integrations.npm.map { _ in "Nginx Proxy Manager" },
                        integrations.apps.isEmpty ? nil : "\(integrations.apps.count) app check(s)"].compactMap { $0 }
        let alerts = config.alerts
        let sinks = [alerts.email.map { _ in "email" }, alerts.webhooks.isEmpty ? nil : "\(alerts.webhooks.count) webhook(s)"].compactMap { $0 }
        return [
            "clusters:     \(config.clusters.count) (\(config.clusters.map(\.name).joined(separator: ", ")))",
            "chat:         \(chats.isEmpty ? "none" : chats.joined(separator: ", "))",
            "bindings:     \(config.bindings.count), role(s) \(roles.isEmpty ? "none" : roles.joined(separator: ", "))",
            "alerts:       " + (alerts.enabled
                ? "every \(DurationParser.humanize(alerts.pollInterval)), rules \(alerts.rulesFile ?? "built in")"
                    + (sinks.isEmpty ? "" : ", also to \(sinks.joined(separator: " and "))")
                : "off"),
            "integrations: \(services.isEmpty ? "none" : services.joined(separator: ", "))",
            "graphs:       " + (config.monitor.images ? "text, and PNG pictures where the platform shows images" : "text"),
            "HTTP:         \(config.http.host):\(config.http.port)",
            "console:      " + (config.console.proxy
                ? "proxied links, open within \(DurationParser.humanize(config.console.linkTTL)), sessions up to "
                    + DurationParser.humanize(config.console.maxSession) + (config.http.publicURL == nil ? " (needs http.public_url)" : "")
                : "links to the Proxmox UI"),
            "commands:     \(commands) (\(config.commandsDirectory ?? "built in"))",
        ]
    }
}
