import NexBoard
import Testing

@Suite("ConfigLoader reports problems")
struct ConfigProblemsTests {
    @Test("every mistake in a file is reported in one run, in file order, with its key path")
    func everyMistakeAtOnce() throws {
        let yaml = """
            log_level: verbose
            http:
              listen: localhost
              public_url: ftp://nexboard.example.net
            clusters:
              - name: Home
                url: https://pve1.lan:8006/api
                token_id: nexboard@pve
                token_secret: ${PVE_TOKEN}
                timeout: 10x
              - name: lab
                url: https://pve2.lan:8006
                username: root@pam
                password: hunter2
                password_file: ./pw
                ca_file: ./missing-ca.pem
                tiemout: 5s
            roles:
              helpdesk: [guest.view, guest.vue]
            bindings:
              - role: opertor
                subjects: ["discord:abc"]
                scope:
                  vmids: ["50-60"]
            confirmations:
              ttl: 2h
            """
        let problems = ConfigTestSupport.problems(yaml, environment: ["PVE_TOKEN": "t"], baseDirectory: "/nonexistent-nexboard")
        let expected: [(String, String)] = [
            ("log_level", "expected one of trace, debug, info, notice, warning, error, critical, got \"verbose\""),
            ("http.listen", "expected host:port like 127.0.0.1:8080 or [::1]:8080, got \"localhost\""),
            ("http.public_url", "expected an http(s) URL like https://nexboard.example.net, got \"ftp://nexboard.example.net\""),
            ("clusters[0].name", "expected a name of lowercase letters, digits and -"),
            ("clusters[0].url", "expected an http(s) URL like https://pve1.lan:8006, got \"https://pve1.lan:8006/api\""),
            ("clusters[0].token_id", "expected an API token id USER@REALM!TOKENID like nexboard@pve!bot, got \"nexboard@pve\""),
            ("clusters[0].timeout", "expected a duration like 30s, 5m or 1h, got \"10x\""),
            ("clusters[1].password", "is given both inline and as password_file; keep one of them"),
            ("clusters[1].ca_file", "file /nonexistent-nexboard/missing-ca.pem does not exist"),
            ("clusters[1].tiemout", "unknown key; did you mean \"timeout\"?"),
            ("roles.helpdesk[1]", "unknown permission; expected one of guest.view, guest.power, guest.tag, guest.create, backup.view, backup.run, backup.restore, template.download, console.open, alerts.manage, integrations.view, dns.manage, admin, got \"guest.vue\"; did you mean \"guest.view\"?"),
            ("bindings[0].role", "unknown role; expected one of admin, helpdesk, operator, viewer, got \"opertor\"; did you mean \"operator\"?"),
            ("bindings[0].subjects[0]", "expected a subject: console:local, discord:<user id>, discord-role:<role id>, slack:<user id>, slack-team:<team id>, matrix:@user:server or matrix-server:server, got \"discord:abc\""),
            ("bindings[0].scope.vmids[0]", "expected a VMID or a range like 100-199, with 100 <= first <= last <= 999999999, got \"50-60\""),
            ("confirmations.ttl", "expected a duration between 10s and 1h, got 2h"),
        ]
        #expect(problems.count == expected.count, "\(problems)")
        for (problem, (keyPath, message)) in zip(problems, expected) {
            #expect(problem.keyPath == keyPath)
            #expect(problem.message.hasPrefix(message), "\(problem)")
        }
    }

    @Test("a cluster may not be named like the source of the homelab services' alerts")
    func reservedClusterName() {
        let yaml = """
            clusters:
              - name: integrations
                simulator: {nodes: 1}
            """
        #expect(ConfigTestSupport.problems(yaml).map(\.description) == [
            "clusters[0].name: \"integrations\" is reserved: the homelab services' alerts are listed under it; choose another name",
        ])
    }

    @Test("the error's description has one problem per line, each starting with its key path")
    func errorDescription() {
        let error = ConfigError(problems: [
            ConfigProblem(keyPath: "clusters[1].timeout", message: "expected a duration like 30s, 5m or 1h, got \"x\""),
            ConfigProblem(keyPath: "", message: "malformed YAML at line 1, column 1: oops"),
        ])
        #expect(error.description == """
            clusters[1].timeout: expected a duration like 30s, 5m or 1h, got "x"
            malformed YAML at line 1, column 1: oops
            """)
    }

    @Test("an unknown key close to a known one suggests it, even in another spelling")
    func unknownKeySuggestion() {
        let problems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + "\nlogLevel: debug\nconfirmation: {ttl: 1m}")
        #expect(problems == [
            ConfigProblem(keyPath: "logLevel", message: "unknown key; did you mean \"log_level\"?"),
            ConfigProblem(keyPath: "confirmation", message: "unknown key; did you mean \"confirmations\"?"),
        ])
    }

    @Test("an unknown key far from every known one lists the known keys")
    func unknownKeyWithoutSuggestion() {
        let problems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + "\nhttp: {port: 80}")
        #expect(problems == [ConfigProblem(keyPath: "http.port", message: "unknown key; expected one of listen, public_url, health_token, health_token_file, trusted_proxies")])
    }

    @Test("malformed YAML is one problem with its line and column")
    func malformedYAML() {
        let yaml = """
            clusters:
              - name: home
                url: https://pve1.lan:8006: oops
            """
        let problems = ConfigTestSupport.problems(yaml)
        #expect(problems.count == 1)
        #expect(problems.first?.keyPath == "")
        #expect(problems.first?.message.hasPrefix("malformed YAML at line 3, column") == true, "\(problems)")
    }

    @Test("a key given twice is one problem with its line")
    func duplicateKey() {
        let problems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + "\nlog_level: info\nlog_level: debug")
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("duplicate key \"log_level\"") == true, "\(problems)")
        #expect(problems.first?.message.contains("line ") == true)
    }

    @Test("an empty file needs at least one cluster")
    func emptyFile() {
        #expect(ConfigTestSupport.problems("") == [ConfigProblem(keyPath: "clusters", message: "at least one cluster is required")])
        #expect(ConfigTestSupport.problems("clusters: []") == [ConfigProblem(keyPath: "clusters", message: "at least one cluster is required")])
    }

    @Test("a document that is not a mapping is one problem")
    func notAMapping() {
        let problems = ConfigTestSupport.problems("- a\n- b")
        #expect(problems.count == 1)
        #expect(problems.first?.message.hasPrefix("expected a mapping with the keys log_level, data_dir") == true)
    }

    @Test("a section of the wrong kind is a problem, not a crash")
    func wrongKinds() {
        let yaml = """
            http: 127.0.0.1:8080
            clusters:
              name: home
            bindings:
              - role: admin
                subjects: console:local
            """
        let problems = ConfigTestSupport.problems(yaml)
        #expect(problems.map(\.keyPath) == ["http", "clusters", "bindings[0].subjects"])
        #expect(problems[0].message.hasPrefix("expected a mapping with the keys listen, public_url, health_token, health_token_file, trusted_proxies, got a single value"))
        #expect(problems[1].message.hasPrefix("expected a list like"))
        #expect(problems[2].message.hasPrefix("expected a list like [\"console:local\"], got a single value"))
    }

    @Test("cluster structure problems: names, auth methods, simulator, TLS options")
    func clusterStructure() {
        let yaml = """
            clusters:
              - name: home
                url: https://pve1.lan:8006
              - name: home
                url: https://pve2.lan:8006
                token_id: a@pve!b
                token_secret: x
                username: a@pve
              - url: https://pve3.lan:8006
                username: nexboard
                password: x
                ca_file: /
                insecure_tls: yes
              - name: sim
                url: https://pve4.lan:8006
                simulator: {nodes: 0}
                timeout: 10m
            """
        let problems = ConfigTestSupport.problems(yaml)
        let described = problems.map(\.description)
        #expect(described == [
            "clusters[0].token_id: authentication is required: token_id with token_secret (or token_secret_file), or username with password (or password_file)",
            "clusters[1].name: duplicate cluster name \"home\", already used by clusters[0]",
            "clusters[1].username: cannot be combined with token_id; use exactly one auth method: token_id with token_secret (or token_secret_file), or username with password (or password_file)",
            "clusters[2].name: is required: a name of lowercase letters, digits and - starting with a letter or digit, like home or pve-lab",
            "clusters[2].username: expected a user USER@REALM like nexboard@pve, got \"nexboard\"",
            "clusters[2].ca_file: / is a folder, expected a file",
            "clusters[2].insecure_tls: expected true or false, got \"yes\"",
            "clusters[3].url: cannot be combined with simulator, which needs no address or credentials",
            "clusters[3].simulator.nodes: expected a whole number from 1 to 64, got \"0\"",
            "clusters[3].timeout: expected a duration between 1s and 5m, got 10m",
        ])
    }

    @Test("insecure_tls cannot be combined with ca_file")
    func insecureWithCAFile() throws {
        try ConfigTestSupport.withTemporaryDirectory { directory in
            try "pem".write(to: directory.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)
            let yaml = """
                clusters:
                  - name: home
                    url: https://pve1.lan:8006
                    token_id: a@pve!b
                    token_secret: x
                    ca_file: ca.pem
                    insecure_tls: true
                """
            let problems = ConfigTestSupport.problems(yaml, baseDirectory: directory.path)
            #expect(problems.map(\.keyPath) == ["clusters[0].insecure_tls"])
        }
    }

    @Test("binding problems: missing role and subjects, empty scope")
    func bindingStructure() {
        let yaml = ConfigTestSupport.minimalYAML + """

            bindings:
              - subjects: []
              - role: viewer
                subjects: ["slack:U1"]
                scope: {tags: []}
            """
        let problems = ConfigTestSupport.problems(yaml)
        #expect(problems.map(\.keyPath) == ["bindings[0].role", "bindings[0].subjects", "bindings[1].scope"])
        #expect(problems[2].message.hasPrefix("lists nothing"))
    }

    @Test("a scope's clusters must be configured ones; a scope of clusters alone is valid")
    func scopeClusters() throws {
        let yaml = ConfigTestSupport.minimalYAML + """

            bindings:
              - role: viewer
                subjects: ["slack:U1"]
                scope: {clusters: [lb]}
              - role: operator
                subjects: ["slack:U2"]
                scope: {clusters: [lab], vmids: ["100-199"]}
            """
        let problems = ConfigTestSupport.problems(yaml)
        #expect(problems.map(\.keyPath) == ["bindings[0].scope.clusters[0]"])
        #expect(problems.first?.message == "unknown cluster; expected one of lab, got \"lb\"; did you mean \"lab\"?")
        let fixed = yaml.replacingOccurrences(of: "[lb]", with: "[lab]")
        #expect(ConfigTestSupport.problems(fixed).isEmpty)
    }
}
