import ChatConsole
import Logging
import NexBoardCore
import WebPage
import Yams

extension ConfigReader {
    static let rootKeys = ["log_level", "data_dir", "commands_dir", "http", "clusters", "roles", "bindings", "confirmations", "console", "alerts",
                           "discord", "slack", "matrix", "audit", "prometheus", "monitor", "deploy", "integrations"]

    /// Reads the whole file; nil when any problem was found (see `problems`).
    func readConfig(_ root: Node?) -> NexBoardConfig? {
        guard let top = mapping(root, at: "", parentMark: nil, keys: Self.rootKeys) else { return nil }

        let levels = Logger.Level.allCases.map(\.rawValue)
        let logLevel = choice("log_level", in: top, among: levels).flatMap(Logger.Level.init(rawValue:)) ?? .info

        var dataDirectory = resolvePath("./data")
        if let node = top["data_dir"], let text = scalar(node, at: top.path("data_dir")) {
            if text.isEmpty {
                report(top.path("data_dir"), "expected a folder path, got an empty value", at: node.mark)
            } else {
                dataDirectory = resolvePath(text)
            }
        }

        let commandsDirectory = existingFolder("commands_dir", in: top)
        let http = readHTTP(top)
        let clusters = readClusters(top)
        let (customRoles, declaredRoles) = readRoles(top)
        let bindings = readBindings(top, knownRoles: Set(BuiltInRoles.all.keys).union(declaredRoles), clusters: Self.declaredClusterNames(top))

        let confirmations = mapping(top["confirmations"], at: top.path("confirmations"), parentMark: top.mark(of: "confirmations"), keys: ["ttl"])
        let ttl = confirmations.map { duration("ttl", in: $0, default: .seconds(60), range: .seconds(10) ... .seconds(3600)) } ?? .seconds(60)

        var consoleSubject = ConsoleIdentity.local
        var consoleLinks = ConsoleConfig()
        if let console = mapping(top["console"], at: top.path("console"), parentMark: top.mark(of: "console"),
                                 keys: ["subject", "proxy", "link_ttl", "max_session", "novnc_path", "xterm_path", "spice_proxy"]) {
            if let subject = value("subject", in: console, expected: "a subject: \(subjectForms.expected)", parse: subjectForms.subject) {
                consoleSubject = subject
            }
            consoleLinks.proxy = bool("proxy", in: console, default: false)
            consoleLinks.linkTTL = duration("link_ttl", in: console, default: .seconds(60), range: .seconds(10) ... .seconds(600))
            consoleLinks.maxSession = duration("max_session", in: console, default: .seconds(7200), range: .seconds(60) ... .seconds(86_400))
            // A missing folder is not an error here: the page says what to install, and check-config warns.
            consoleLinks.novncPath = folderPath("novnc_path", in: console) ?? ConsoleConfig.debianNoVNC
            consoleLinks.xtermPath = folderPath("xterm_path", in: console)
            consoleLinks.spiceProxy = value("spice_proxy", in: console, expected: ConfigValueForms.hostForm, parse: ConfigValueForms.host)
        }

        let alerts = readAlerts(top)
        let discord = readDiscord(top)
        let slack = readSlack(top, publicURL: http.publicURL)
        let prometheus = readPrometheus(top)
        let matrix = readMatrix(top)
        let integrations = readIntegrations(top)
        let audit = mapping(top["audit"], at: top.path("audit"), parentMark: top.mark(of: "audit"), keys: ["retention"])
        let auditRetention = audit.map {
            duration("retention", in: $0, default: NexBoardConfig.defaultAuditRetention, range: .seconds(86_400) ... .seconds(3650 * 86_400))
        } ?? NexBoardConfig.defaultAuditRetention

        let deployPresets = readDeploy(top)
        let monitor = mapping(top["monitor"], at: top.path("monitor"), parentMark: top.mark(of: "monitor"), keys: ["images"])
        let monitorImages = monitor.map { bool("images", in: $0, default: false) } ?? false

        guard problems.isEmpty else { return nil }
        var config = NexBoardConfig(
            logLevel: logLevel,
            dataDirectory: dataDirectory,
            http: http,
            clusters: clusters,
            customRoles: customRoles,
            bindings: bindings,
            confirmationTTL: ttl,
            consoleSubject: consoleSubject,
            discord: discord
        )
        config.commandsDirectory = commandsDirectory
        config.alerts = alerts
        config.auditRetention = auditRetention
        config.slack = slack
        config.prometheus = prometheus
        config.matrix = matrix
        config.deployPresets = deployPresets
        config.monitor = MonitorConfig(images: monitorImages)
        config.integrations = integrations
        config.console = consoleLinks
        return config
    }

    /// The names under `clusters`, also of clusters with problems, so that a scope naming one of
    /// them is not reported a second time.
    private static func declaredClusterNames(_ top: ConfigMapping) -> [String] {
        guard case let .sequence(items)? = top["clusters"] else { return [] }
        return items.compactMap { item in
            guard case let .mapping(cluster) = item, case let .scalar(name)? = cluster["name"] else { return nil }
            return name.string
        }
    }

    private func readHTTP(_ top: ConfigMapping) -> HTTPConfig {
        var config = HTTPConfig()
        guard let http = mapping(top["http"], at: top.path("http"), parentMark: top.mark(of: "http"),
                                 keys: ["listen", "public_url", "health_token", "health_token_file", "trusted_proxies"]) else {
            return config
        }
        if http.has("health_token") || http.has("health_token_file") {
            config.healthToken = secret("health_token", in: http, missing: "is required")
        }
        if let (host, port) = value("listen", in: http, expected: ConfigValueForms.listenForm, parse: ConfigValueForms.listenAddress) {
            config.host = host
            config.port = port
        }
        config.publicURL = value("public_url", in: http, expected: ConfigValueForms.publicURLForm, parse: ConfigValueForms.publicURL)
        config.trustedProxies = TrustedProxies(list("trusted_proxies", in: http, expected: "an IP address or CIDR range like 10.0.0.0/8 or fd00::/8",
                                                    example: "[127.0.0.1, 10.0.0.0/8]", parse: IPRange.init))
        return config
    }
}
