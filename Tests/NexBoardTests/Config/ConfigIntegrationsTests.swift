import Foundation
import Integrations
import NexBoard
import NexBoardCore
import Testing

@Suite("ConfigLoader reads integrations")
struct ConfigIntegrationsTests {
    private func problems(_ yaml: String) -> [String] {
        ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + "\n" + yaml).map { "\($0.keyPath): \($0.message)" }
    }

    @Test("No integrations section means none configured")
    func none() throws {
        #expect(try ConfigTestSupport.load("").integrations == IntegrationsConfig())
    }

    @Test("A Pi-hole with a URL, an API version, a password from the environment and TLS options")
    func pihole() throws {
        let config = try ConfigTestSupport.load("""
            integrations:
              pihole: {url: "https://pi.hole/", version: "6", password: "${PIHOLE}", insecure_tls: true, timeout: 5s}
            """, environment: ["PIHOLE": "s3cret"])
        #expect(config.integrations.pihole == PiHoleConfig(
            source: .remote(url: "https://pi.hole", tls: .insecure), version: .v6, password: Secret("s3cret"), timeout: .seconds(5)))
    }

    @Test("A Pi-hole password may come from a file; without a password none is sent")
    func piholePasswordFile() throws {
        try ConfigTestSupport.withTemporaryDirectory { folder in
            let file = folder.appendingPathComponent("pihole")
            try "from-file\n".write(to: file, atomically: true, encoding: .utf8)
            let config = try ConfigTestSupport.load("""
                integrations:
                  pihole: {url: "http://pi.hole", password_file: pihole}
                """, baseDirectory: folder.path)
            #expect(config.integrations.pihole?.password == Secret("from-file"))
            #expect(config.integrations.pihole?.version == .detect)
        }
        #expect(try ConfigTestSupport.load("integrations: {pihole: {url: \"http://pi.hole\"}}").integrations.pihole?.password == nil)
    }

    @Test("An AdGuard Home needs a username and a password")
    func adguard() throws {
        let config = try ConfigTestSupport.load("integrations: {adguard: {url: \"http://adguard.lan:3000\", username: admin, password: pw}}")
        #expect(config.integrations.adguard == AdGuardConfig(source: .remote(url: "http://adguard.lan:3000", tls: .system),
                                                             username: "admin", password: Secret("pw")))
        #expect(problems("integrations: {adguard: {url: \"http://adguard.lan\"}}") == [
            "integrations.adguard.username: is required: the AdGuard Home user NexBoard logs in as",
            "integrations.adguard.password: is required with username (or password_file)",
        ])
    }

    @Test("Every bad integration value is reported with its key path, and no secret is quoted")
    func problemsReported() {
        #expect(problems("integrations: {pihole: {password: x}}") == [
            "integrations.pihole.url: is required: an http(s) URL like http://pi.hole or https://192.168.1.1 (or simulator: {} for a simulated one)",
        ])
        #expect(problems("integrations: {pihole: {url: \"http://admin:hunter2@pi.hole\"}}").first?.contains("hunter2") == false)
        #expect(problems("integrations: {pihole: {url: \"ftp://pi.hole\"}}") == [
            "integrations.pihole.url: expected an http(s) URL like http://pi.hole or https://192.168.1.1, got \"ftp://pi.hole\"",
        ])
        #expect(problems("integrations: {pihole: {url: \"http://pi.hole\", version: \"7\"}}") == [
            "integrations.pihole.version: expected one of 5, 6, auto, got \"7\"; did you mean \"5\"?",
        ])
        #expect(problems("integrations: {pihole: {url: \"http://pi.hole\", pasword: x}}") == [
            "integrations.pihole.pasword: unknown key; did you mean \"password\"?",
        ])
        #expect(problems("integrations: {pihole: {simulator: {}, url: \"http://pi.hole\"}}") == [
            "integrations.pihole.url: cannot be combined with simulator, which needs no address or credentials",
        ])
        #expect(problems("integrations: {pfsense2: {}}").first?.hasPrefix("integrations.pfsense2: unknown key") == true)
        #expect(problems("integrations: {adguard: {url: \"http://a.lan\", username: u, password: \"\"}}") == [
            "integrations.adguard.password: is empty",
        ])
    }

    @Test("A simulated Pi-hole may speak v5")
    func simulatorVersion() throws {
        let config = try ConfigTestSupport.load("integrations: {pihole: {simulator: {}, version: \"5\"}}")
        #expect(config.integrations.pihole == PiHoleConfig(source: .simulator, version: .v5))
    }

    @Test("The commented integrations section of the example configuration loads once uncommented")
    func exampleSection() throws {
        let example = try String(contentsOf: ConfigTestSupport.packageRoot().appendingPathComponent("config/nexboard.example.yaml"), encoding: .utf8)
        let lines = example.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "# integrations:"))
        let section = lines[start...].prefix { !$0.isEmpty }
            .map { String($0.dropFirst(2)) }
            // Files that exist only on a real host: a CA file is left out, a secret's file becomes the secret itself.
            .filter { !$0.contains("ca_file:") }
            .map { $0.replacingOccurrences(of: "_file:", with: ":") }
        let config = try ConfigTestSupport.load(section.joined(separator: "\n"), environment: ["ADGUARD_PASSWORD": "pw"])
        #expect(config.integrations.pihole == PiHoleConfig(source: .remote(url: "http://pi.hole", tls: .system),
                                                           password: Secret("/run/secrets/pihole")))
        #expect(config.integrations.adguard?.username == "nexboard")
        #expect(config.integrations.pfsense?.source == .remote(url: "https://192.168.1.1", tls: .insecure))
        #expect(config.integrations.npm?.email == "nexboard@example.org")
        #expect(config.integrations.apps.map(\.name) == ["Nextcloud", "Jellyfin"])
        #expect(config.integrations.apps[1].interval == .seconds(30))
    }

    @Test("The demo configuration simulates a Pi-hole and an AdGuard Home")
    func demo() throws {
        let config = try ConfigLoader.load(path: ConfigTestSupport.packageRoot().appendingPathComponent("config/demo.yaml").path, environment: [:])
        #expect(config.integrations.pihole?.source == .simulator)
        #expect(config.integrations.adguard?.source == .simulator)
        #expect(config.integrations.pfsense?.source == .simulator)
        #expect(config.integrations.npm?.source == .simulator)
    }

    @Test("pfSense takes an API key or a user, not both; Nginx Proxy Manager an email and a password")
    func pfsenseAndNPM() throws {
        let key = try ConfigTestSupport.load("integrations: {pfsense: {url: \"https://192.168.1.1\", api_key: k, insecure_tls: true}}")
        #expect(key.integrations.pfsense == PfSenseConfig(source: .remote(url: "https://192.168.1.1", tls: .insecure), auth: .apiKey(Secret("k"))))
        let user = try ConfigTestSupport.load("integrations: {pfsense: {url: \"https://fw.lan\", username: admin, password: pw}}")
        #expect(user.integrations.pfsense?.auth == .basic(username: "admin", password: Secret("pw")))
        #expect(problems("integrations: {pfsense: {url: \"https://fw.lan\", api_key: k, username: admin, password: pw}}") == [
            "integrations.pfsense.username: cannot be combined with api_key; use an API key or a user, not both",
        ])
        #expect(problems("integrations: {pfsense: {url: \"https://fw.lan\"}}") == [
            "integrations.pfsense.api_key: authentication is required: api_key (or api_key_file), or username with password",
        ])
        let npm = try ConfigTestSupport.load("integrations: {npm: {url: \"http://npm.lan:81\", email: a@b.c, password: pw}}")
        #expect(npm.integrations.npm == NPMConfig(source: .remote(url: "http://npm.lan:81", tls: .system), email: "a@b.c", password: Secret("pw")))
        #expect(problems("integrations: {npm: {url: \"http://npm.lan:81\", password: pw}}") == [
            "integrations.npm.email: is required: the email of the Nginx Proxy Manager user NexBoard logs in as",
        ])
    }
}
