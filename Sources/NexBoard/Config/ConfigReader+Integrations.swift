import Integrations
import NexBoardCore
import Yams

extension ConfigReader {
    static let integrationKeys = ["pihole", "adguard", "pfsense", "npm", "apps"]
    /// The keys every service section shares: where it is and how its certificate is checked.
    static let serviceKeys = ["url", "ca_file", "insecure_tls", "timeout", "simulator"]
    static let serviceURLForm = "an http(s) URL like http://pi.hole or https://192.168.1.1"
    static let appURLForm = "an http(s) URL like https://cloud.home.lan/status.php"

    func readIntegrations(_ top: ConfigMapping) -> IntegrationsConfig {
        var config = IntegrationsConfig()
        guard let section = mapping(top["integrations"], at: top.path("integrations"), parentMark: top.mark(of: "integrations"),
                                    keys: Self.integrationKeys) else { return config }
        if section.has("pihole"), let pihole = mapping(section["pihole"], at: section.path("pihole"), parentMark: section.mark(of: "pihole"),
                                                        keys: Self.serviceKeys + ["version", "password", "password_file"]) {
            config.pihole = readPiHole(pihole)
        }
        if section.has("adguard"), let adguard = mapping(section["adguard"], at: section.path("adguard"), parentMark: section.mark(of: "adguard"),
                                                          keys: Self.serviceKeys + ["username", "password", "password_file"]) {
            config.adguard = readAdGuard(adguard)
        }
        if section.has("pfsense"), let pfsense = mapping(section["pfsense"], at: section.path("pfsense"), parentMark: section.mark(of: "pfsense"),
                                                          keys: Self.serviceKeys + ["api_key", "api_key_file", "username", "password", "password_file"]) {
            config.pfsense = readPfSense(pfsense)
        }
        if section.has("npm"), let npm = mapping(section["npm"], at: section.path("npm"), parentMark: section.mark(of: "npm"),
                                                  keys: Self.serviceKeys + ["email", "password", "password_file"]) {
            config.npm = readNPM(npm)
        }
        config.apps = readApps(section)
        return config
    }

    private func readApps(_ section: ConfigMapping) -> [AppCheckConfig] {
        let example = "[{name: Nextcloud, url: https://cloud.home.lan, expect_text: Nextcloud}]"
        guard let nodes = sequence(section["apps"], at: section.path("apps"), example: example) else { return [] }
        var apps: [AppCheckConfig] = []
        var names: [String: String] = [:]
        for (index, node) in nodes.enumerated() {
            let path = "\(section.path("apps"))[\(index)]"
            guard let app = mapping(node, at: path, parentMark: node.mark,
                                    keys: Self.serviceKeys + ["name", "expect_status", "expect_text", "interval"]) else { continue }
            let name = requiredString("name", in: app, missing: "is required: what users call the app, like Nextcloud")
            if let name {
                if name.isEmpty || name.count > 40 {
                    report(app.path("name"), "expected 1 to 40 characters, got \"\(name)\"", at: app.mark(of: "name"))
                } else if let earlier = names[name.lowercased()] {
                    report(app.path("name"), "duplicate app name \"\(name)\", already used by \(earlier)", at: app.mark(of: "name"))
                } else {
                    names[name.lowercased()] = path
                }
            }
            let status = app.has("expect_status") ? integer("expect_status", in: app, default: 200, range: 100...599) : nil
            let text = string("expect_text", in: app)
            let interval = duration("interval", in: app, default: .seconds(60), range: .seconds(10) ... .seconds(3600))
            let timeout = duration("timeout", in: app, default: .seconds(10), range: .seconds(1) ... .seconds(300))
            let source: IntegrationSource?
            if app.mentions("simulator") {
                rejectWithSimulator(app, keys: ["url", "ca_file", "insecure_tls"])
                source = .simulator
            } else {
                source = readServiceSource(app, urlForm: Self.appURLForm)
            }
            if let name, let source {
                apps.append(AppCheckConfig(name: name, source: source, expectedStatus: status, expectedText: text, interval: interval, timeout: timeout))
            }
        }
        return apps
    }

    private func readPfSense(_ section: ConfigMapping) -> PfSenseConfig? {
        let timeout = duration("timeout", in: section, default: .seconds(10), range: .seconds(1) ... .seconds(300))
        if section.mentions("simulator") {
            rejectWithSimulator(section, keys: ["url", "ca_file", "insecure_tls", "api_key", "api_key_file", "username", "password", "password_file"])
            return PfSenseConfig(source: .simulator, auth: .apiKey(Secret("-")), timeout: timeout)
        }
        let source = readServiceSource(section)
        let auth: PfSenseAuth?
        let keyGiven = section.has("api_key") || section.has("api_key_file")
        let basicGiven = ["username", "password", "password_file"].contains(where: section.has)
        switch (keyGiven, basicGiven) {
        case (true, true):
            report(section.path("username"), "cannot be combined with api_key; use an API key or a user, not both", at: section.mark(of: "username"))
            auth = nil
        case (true, false):
            auth = secret("api_key", in: section, missing: "is required").map(PfSenseAuth.apiKey)
        case (false, true):
            let username = requiredString("username", in: section, missing: "is required with password")
            let password = secret("password", in: section, missing: "is required with username (or password_file)")
            auth = username.flatMap { name in password.map { PfSenseAuth.basic(username: name, password: $0) } }
        case (false, false):
            report(section.path("api_key"), "authentication is required: api_key (or api_key_file), or username with password", at: section.mark)
            auth = nil
        }
        guard let source, let auth else { return nil }
        return PfSenseConfig(source: source, auth: auth, timeout: timeout)
    }

    private func readNPM(_ section: ConfigMapping) -> NPMConfig? {
        let timeout = duration("timeout", in: section, default: .seconds(10), range: .seconds(1) ... .seconds(300))
        if section.mentions("simulator") {
            rejectWithSimulator(section, keys: ["url", "ca_file", "insecure_tls", "email", "password", "password_file"])
            return NPMConfig(source: .simulator, email: "", password: Secret("-"), timeout: timeout)
        }
        let source = readServiceSource(section)
        let email = requiredString("email", in: section, missing: "is required: the email of the Nginx Proxy Manager user NexBoard logs in as")
        let password = secret("password", in: section, missing: "is required with email (or password_file)")
        guard let source, let email, let password else { return nil }
        return NPMConfig(source: source, email: email, password: password, timeout: timeout)
    }

    private func readPiHole(_ section: ConfigMapping) -> PiHoleConfig? {
        let versions = PiHoleAPIVersion.allCases.map(\.rawValue)
        let version = choice("version", in: section, among: versions).flatMap(PiHoleAPIVersion.init(rawValue:)) ?? .detect
        let timeout = duration("timeout", in: section, default: .seconds(10), range: .seconds(1) ... .seconds(300))
        if section.mentions("simulator") {
            // `version` chooses the API the simulated Pi-hole speaks (default 6).
            rejectWithSimulator(section, keys: ["url", "ca_file", "insecure_tls", "password", "password_file"])
            return PiHoleConfig(source: .simulator, version: version, timeout: timeout)
        }
        let source = readServiceSource(section)
        // A Pi-hole without a password needs none; one given must not be empty.
        let password = section.has("password") || section.has("password_file") ? secret("password", in: section, missing: "is required") : nil
        guard let source else { return nil }
        return PiHoleConfig(source: source, version: version, password: password, timeout: timeout)
    }

    private func readAdGuard(_ section: ConfigMapping) -> AdGuardConfig? {
        let timeout = duration("timeout", in: section, default: .seconds(10), range: .seconds(1) ... .seconds(300))
        if section.mentions("simulator") {
            rejectWithSimulator(section, keys: ["url", "ca_file", "insecure_tls", "username", "password", "password_file"])
            return AdGuardConfig(source: .simulator, username: "", password: Secret("-"), timeout: timeout)
        }
        let source = readServiceSource(section)
        let username = requiredString("username", in: section, missing: "is required: the AdGuard Home user NexBoard logs in as")
        let password = secret("password", in: section, missing: "is required with username (or password_file)")
        guard let source, let username, let password else { return nil }
        return AdGuardConfig(source: source, username: username, password: password, timeout: timeout)
    }

    /// `url` with `ca_file` or `insecure_tls`.
    private func readServiceSource(_ section: ConfigMapping, urlForm: String = ConfigReader.serviceURLForm) -> IntegrationSource? {
        let url: String?
        if section.has("url") {
            url = value("url", in: section, expected: urlForm, parse: ConfigValueForms.publicURL)
        } else {
            report(section.path("url"), "is required: \(urlForm) (or simulator: {} for a simulated one)", at: section.mark)
            url = nil
        }
        let caFile = existingFile("ca_file", in: section)
        let insecureTLS = bool("insecure_tls", in: section, default: false)
        if insecureTLS, section.has("ca_file") {
            report(section.path("insecure_tls"), "cannot be combined with ca_file; ca_file already makes the certificate trusted",
                   at: section.mark(of: "insecure_tls"))
        }
        guard let url else { return nil }
        let tls: IntegrationTLS = insecureTLS ? .insecure : (caFile.map { .caFile($0) } ?? .system)
        return .remote(url: url, tls: tls)
    }

    private func rejectWithSimulator(_ section: ConfigMapping, keys: [String]) {
        _ = mapping(section["simulator"], at: section.path("simulator"), parentMark: section.mark(of: "simulator"), keys: [])
        for key in keys where section.mentions(key) {
            report(section.path(key), "cannot be combined with simulator, which needs no address or credentials", at: section.mark(of: key))
        }
    }
}
