import Foundation
import NexBoard
import NexBoardCore
import Testing

@Suite("Credentials written inside URLs never show")
struct ConfigURLCredentialsTests {
    private let password = "hunter2-SECRET"

    @Test("a cluster URL, an SMTP server, the public URL or the Discord API URL with user:password@ is refused without quoting the password")
    func refusedWithoutEcho() {
        let yaml = """
            http:
              public_url: https://admin:\(password)@nexboard.example.net
            clusters:
              - name: home
                url: https://root:\(password)@pve1.lan:8006
                token_id: nexboard@pve!bot
                token_secret: t
              - name: work
                url: "https://root:pa/ss#\(password)@pve2.lan:8006"
                token_id: nexboard@pve!bot
                token_secret: t
            alerts:
              email:
                server: smtp://bot:\(password)@mail.example.org:587
                from: nexboard@example.org
            discord:
              token: t
              application_id: "1"
              api_url: https://bot:\(password)@discord.example/api/v10
            """
        let problems = ConfigTestSupport.problems(yaml)
        #expect(problems.map(\.keyPath) == ["http.public_url", "clusters[0].url", "clusters[1].url", "alerts.email.server", "discord.api_url"])
        let printed = ConfigError(problems: problems).description
        #expect(!printed.contains(password))
        #expect(!printed.contains("pa/ss"))
        #expect(problems.allSatisfy { $0.message.contains("without a user name or password") })
        #expect(problems.first { $0.keyPath == "clusters[0].url" }?.message.hasSuffix(#"got "https://…@pve1.lan:8006""#) == true)
    }

    @Test("a webhook URL may carry user:password@ (sent as Basic authentication); one that cannot be parsed is refused without a quote")
    func webhookURL() throws {
        let yaml = ConfigTestSupport.minimalYAML + """

            alerts:
              webhooks:
                - {name: phone, url: "https://bot:p%40ss@ntfy.example.org/homelab", format: ntfy}
            """
        let config = try ConfigLoader.parse(yaml: yaml, baseDirectory: "/etc/nexboard", environment: [:])
        #expect(config.alerts.webhooks.first?.url.value == "https://bot:p%40ss@ntfy.example.org/homelab")
        let bad = ConfigTestSupport.minimalYAML + "\nalerts:\n  webhooks:\n    - {name: x, url: \"https://bot:pa/\(password)@ntfy.example.org\"}\n"
        let problems = ConfigTestSupport.problems(bad)
        #expect(problems.map(\.keyPath) == ["alerts.webhooks[0].url"])
        #expect(problems.first?.message.contains("percent-encoded") == true)
        #expect(!ConfigError(problems: problems).description.contains(password))
    }
}
