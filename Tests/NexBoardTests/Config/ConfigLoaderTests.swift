import Foundation
import NexBoard
import NexBoardCore
import Testing

@Suite("ConfigLoader reads values")
struct ConfigLoaderTests {
    private func tokenCluster(secret: String = "${PVE_TOKEN}", extra: String = "") -> String {
        """
        clusters:
          - name: home
            url: https://pve1.lan:8006
            token_id: nexboard@pve!bot
            token_secret: \(secret)
        \(extra)
        """
    }

    private func parse(_ yaml: String, environment: [String: String] = [:]) throws -> NexBoardConfig {
        try ConfigLoader.parse(yaml: yaml, baseDirectory: "/etc/nexboard", environment: environment)
    }

    private func tokenSecret(of config: NexBoardConfig) -> String? {
        guard case let .remote(_, .token(_, secret), _, _) = config.clusters.first?.source else { return nil }
        return secret.value
    }

    @Test("a minimal configuration gets every default")
    func defaults() throws {
        let config = try parse(ConfigTestSupport.minimalYAML)
        #expect(config.logLevel == .info)
        #expect(config.dataDirectory == "/etc/nexboard/data")
        #expect(config.http == HTTPConfig(host: "127.0.0.1", port: 8080, publicURL: nil))
        #expect(config.clusters == [ClusterConfig(name: "lab", source: .simulator(nodes: 3, guests: 25, seed: 42), timeout: .seconds(10))])
        #expect(config.customRoles.isEmpty)
        #expect(config.bindings.isEmpty)
        #expect(config.confirmationTTL == .seconds(60))
        #expect(config.consoleSubject.description == "console:local")
    }

    @Test("an environment variable is expanded in a string value")
    func environmentExpansion() throws {
        let config = try parse(tokenCluster(), environment: ["PVE_TOKEN": "abc-123"])
        #expect(tokenSecret(of: config) == "abc-123")
    }

    @Test("a default is used when the variable is unset or empty, and ignored when it is set")
    func environmentDefault() throws {
        let yaml = tokenCluster(extra: "http:\n  listen: ${NB_HOST:-0.0.0.0}:${NB_PORT:-9000}")
        let environment = ["PVE_TOKEN": "t"]
        let unset = try parse(yaml, environment: environment)
        #expect(unset.http.host == "0.0.0.0")
        #expect(unset.http.port == 9000)
        let empty = try parse(yaml, environment: environment.merging(["NB_HOST": ""]) { $1 })
        #expect(empty.http.host == "0.0.0.0")
        let set = try parse(yaml, environment: environment.merging(["NB_HOST": "10.0.0.5", "NB_PORT": "8443"]) { $1 })
        #expect(set.http.host == "10.0.0.5")
        #expect(set.http.port == 8443)
    }

    @Test("$$ is a literal dollar and a lone $ stays as it is")
    func dollarEscape() throws {
        let config = try parse(tokenCluster(secret: "\"pa$$w${X:-o}rd$1\""))
        #expect(tokenSecret(of: config) == "pa$word$1")
    }

    @Test("an unset variable is a problem naming the key and the variable")
    func unsetVariable() {
        let problems = ConfigTestSupport.problems(tokenCluster(extra: "data_dir: ${STATE_DIR}/nexboard"))
        #expect(problems.map(\.keyPath) == ["clusters[0].token_secret", "data_dir"])
        #expect(problems[0].message.hasPrefix("environment variable PVE_TOKEN is not set"))
        #expect(problems[1].message.hasPrefix("environment variable STATE_DIR is not set"))
    }

    @Test("an unclosed ${ is a problem")
    func unclosedReference() {
        let problems = ConfigTestSupport.problems(tokenCluster(secret: "${PVE_TOKEN"))
        #expect(problems == [ConfigProblem(keyPath: "clusters[0].token_secret", message: "\"${\" is not closed by \"}\"; write $$ for a literal $")])
    }

    @Test("a secret file is read relative to the configuration file, trimming one trailing newline")
    func secretFile() throws {
        try ConfigTestSupport.withTemporaryDirectory { directory in
            let secrets = directory.appendingPathComponent("secrets", isDirectory: true)
            try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true)
            try "token-from-file\n\n".write(to: secrets.appendingPathComponent("pve"), atomically: true, encoding: .utf8)
            try "-----BEGIN CERTIFICATE-----\n".write(to: directory.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)
            let yaml = """
                data_dir: state
                clusters:
                  - name: home
                    url: https://pve1.lan:8006/api2/json
                    token_id: nexboard@pve!bot
                    token_secret_file: secrets/pve
                    ca_file: ./ca.pem
                """
            let file = directory.appendingPathComponent("nexboard.yaml")
            try yaml.write(to: file, atomically: true, encoding: .utf8)

            let config = try ConfigLoader.load(path: file.path, environment: [:])
            let root = directory.standardizedFileURL.path
            #expect(config.dataDirectory == root + "/state")
            #expect(config.clusters.first?.source == .remote(
                url: "https://pve1.lan:8006",
                auth: .token(id: "nexboard@pve!bot", secret: Secret("token-from-file\n")),
                caFile: root + "/ca.pem",
                insecureTLS: false
            ))
        }
    }

    @Test("a password file is read for ticket authentication")
    func passwordFile() throws {
        try ConfigTestSupport.withTemporaryDirectory { directory in
            try "hunter2\n".write(to: directory.appendingPathComponent("password"), atomically: true, encoding: .utf8)
            let yaml = """
                clusters:
                  - name: home
                    url: http://[fd00::10]:8006/
                    username: nexboard@pve
                    password_file: password
                    insecure_tls: true
                    timeout: 1m30s
                """
            let config = try ConfigLoader.parse(yaml: yaml, baseDirectory: directory.path, environment: [:])
            #expect(config.clusters.first?.source == .remote(
                url: "http://[fd00::10]:8006",
                auth: .password(username: "nexboard@pve", password: Secret("hunter2")),
                caFile: nil,
                insecureTLS: true
            ))
            #expect(config.clusters.first?.timeout == .seconds(90))
        }
    }

    @Test("a missing secret file is a problem naming the key and the resolved path")
    func missingSecretFile() {
        let yaml = """
            clusters:
              - name: home
                url: https://pve1.lan:8006
                token_id: nexboard@pve!bot
                token_secret_file: secrets/pve
            """
        let problems = ConfigTestSupport.problems(yaml, baseDirectory: "/nonexistent-nexboard")
        #expect(problems == [ConfigProblem(
            keyPath: "clusters[0].token_secret_file", message: "file /nonexistent-nexboard/secrets/pve does not exist"
        )])
    }

    @Test("an IPv6 listen address and a public URL with a path are accepted")
    func httpForms() throws {
        let config = try parse(ConfigTestSupport.minimalYAML + "\nhttp: {listen: \"[::1]:9090\", public_url: \"https://example.net/nexboard/\"}")
        #expect(config.http == HTTPConfig(host: "::1", port: 9090, publicURL: "https://example.net/nexboard"))
    }

    @Test("custom roles are merged over the built-in roles and can be bound")
    func customRoles() throws {
        let yaml = ConfigTestSupport.minimalYAML + """

            roles:
              helpdesk: [guest.view, console.open, guest.view]
              viewer: [guest.view, alerts.manage]
            bindings:
              - role: helpdesk
                subjects: ["matrix:@bob:example.org", "discord-role:42"]
                scope: {vmids: [250, "300-399"]}
            """
        let config = try parse(yaml)
        #expect(config.customRoles == ["helpdesk": [.guestView, .consoleOpen], "viewer": [.guestView, .alertsManage]])
        #expect(config.roles["viewer"] == [.guestView, .alertsManage])
        #expect(config.roles["admin"] == [.admin])
        #expect(config.bindings == [BindingConfig(
            role: "helpdesk",
            subjects: [Subject(kind: "matrix", identifier: "@bob:example.org"), Subject(kind: "discord-role", identifier: "42")],
            scope: ScopeConfig(vmids: [250...250, 300...399])
        )])
    }

    @Test("log level, confirmation TTL and console subject are read")
    func otherSections() throws {
        let yaml = ConfigTestSupport.minimalYAML + "\nlog_level: debug\nconfirmations: {ttl: 2m}\nconsole: {subject: \"discord:42\"}"
        let config = try parse(yaml)
        #expect(config.logLevel == .debug)
        #expect(config.confirmationTTL == .seconds(120))
        #expect(config.consoleSubject == Subject(kind: "discord", identifier: "42"))
    }

    @Test("subjects and VMID ranges may be written unquoted")
    func unquotedForms() throws {
        let yaml = ConfigTestSupport.minimalYAML + """

            bindings:
              - role: admin
                subjects: [console:local, discord:123, matrix:@a:b.c]
              - role: viewer
                subjects:
                  - slack:U1
                scope: {vmids: [100-199, 250]}
            """
        let config = try parse(yaml)
        #expect(config.bindings.flatMap(\.subjects).map(\.description) == ["console:local", "discord:123", "matrix:@a:b.c", "slack:U1"])
        #expect(config.bindings[1].scope?.vmids == [100...199, 250...250])
    }
}
