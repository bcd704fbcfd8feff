import Foundation
import NexBoard
import Testing

@Suite("Configuration secrets never show")
struct ConfigSecretsTests {
    private let tokenSecret = "9c1f3e2a-token-SECRET-value"
    private let password = "Pa55-SECRET-word"

    @Test("a loaded configuration prints no secret, whether described or reflected")
    func describedConfigHidesSecrets() throws {
        let yaml = """
            clusters:
              - name: home
                url: https://pve1.lan:8006
                token_id: nexboard@pve!bot
                token_secret: ${PVE_TOKEN}
              - name: work
                url: https://pve.work:8006
                username: nexboard@pve
                password: "\(password)"
            """
        let config = try ConfigLoader.parse(yaml: yaml, baseDirectory: "/etc/nexboard", environment: ["PVE_TOKEN": tokenSecret])
        for text in [String(describing: config), String(reflecting: config), "\(config.clusters)", String(describing: config.clusters[0].source)] {
            #expect(!text.contains(tokenSecret))
            #expect(!text.contains(password))
            #expect(!text.contains("SECRET"))
        }
        #expect(String(describing: config).contains("redacted"))
    }

    @Test("problems about secret-bearing keys never quote the secret")
    func problemsHideSecrets() {
        let yaml = """
            clusters:
              - name: home
                url: https://pve1.lan:8006
                token_id: not-a-token-id
                token_secret: "\(tokenSecret)"
                token_secret_file: /nonexistent/secret
                timeout: 10x
              - name: work
                url: https://pve.work:8006
                username: nexboard@pve
                password: "${\(password)}"
              - name: lab
                simulator: {}
                password: "\(password)"
            """
        let problems = ConfigTestSupport.problems(yaml)
        #expect(problems.count == 5, "\(problems)")
        let text = ConfigError(problems: problems).description
        #expect(!text.contains(tokenSecret))
        #expect(!text.contains("SECRET-word"))
        #expect(problems.contains { $0.keyPath == "clusters[1].password" && $0.message.hasPrefix("a ${...} reference does not name") })
    }

    @Test("malformed YAML on a line holding a secret does not quote the line")
    func malformedLineHidesSecret() {
        let yaml = """
            clusters:
              - name: home
                token_secret: \(tokenSecret): [
            """
        let problems = ConfigTestSupport.problems(yaml)
        #expect(problems.count == 1)
        #expect(!ConfigError(problems: problems).description.contains(tokenSecret))
    }
}
