import Foundation
import Mail
import NexBoard
import Testing

@Suite("Email delivery in the configuration (alerts.email)")
struct AlertsEmailConfigTests {
    func yaml(_ email: String) -> String {
        ConfigTestSupport.minimalYAML + "\nalerts:\n  email:\n" + email.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "    " + $0 }.joined(separator: "\n") + "\n"
    }

    @Test("a full section is read: server, TLS from the scheme, login, sender, timeout and lists")
    func full() throws {
        let text = yaml("""
            server: smtp://mail.example.org:587
            username: nexboard
            password: ${SMTP_PASSWORD}
            from: "NexBoard <nexboard@example.org>"
            timeout: 20s
            lists:
              - {name: ops, to: [ops@example.org, "Owner <owner@example.org>"]}
              - {name: pager, to: [pager@example.org], severity: critical}
            """)
        let config = try ConfigLoader.parse(yaml: text, baseDirectory: "/etc/nexboard", environment: ["SMTP_PASSWORD": "s3cret-pw"])
        let email = try #require(config.alerts.email)
        #expect(email.smtp.server.description == "mail.example.org:587")
        #expect(email.smtp.tls == .starttls)
        #expect(email.smtp.username == "nexboard")
        #expect(email.smtp.password?.value == "s3cret-pw")
        #expect(email.smtp.timeout == .seconds(20))
        #expect(email.from == MailAddress("nexboard@example.org", name: "NexBoard"))
        #expect(email.lists.map(\.name) == ["ops", "pager"])
        #expect(email.lists[0].to.map(\.address) == ["ops@example.org", "owner@example.org"])
        #expect(email.lists.map(\.severity) == ["warning", "critical"])
        #expect(!"\(config.alerts)".contains("s3cret-pw"))
    }

    @Test("smtps defaults to implicit TLS; the password comes from a file and the CA file is resolved")
    func smtpsWithFiles() throws {
        try ConfigTestSupport.withTemporaryDirectory { directory in
            try "pw-from-file\n".write(to: directory.appendingPathComponent("smtp.pw"), atomically: true, encoding: .utf8)
            try "PEM".write(to: directory.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)
            let text = yaml("""
                server: smtps://mail.example.org
                username: bot
                password_file: smtp.pw
                ca_file: ca.pem
                from: bot@example.org
                lists: [{name: ops, to: [ops@example.org]}]
                """)
            let config = try ConfigLoader.parse(yaml: text, baseDirectory: directory.path, environment: [:])
            let email = try #require(config.alerts.email)
            #expect(email.smtp.tls == .implicit)
            #expect(email.smtp.server.port == 465)
            #expect(email.smtp.password?.value == "pw-from-file")
            #expect(email.smtp.caFile == directory.appendingPathComponent("ca.pem").standardizedFileURL.path)
            #expect(email.smtp.timeout == .seconds(30))
        }
    }

    @Test("tls none is allowed when written out")
    func plainRelay() throws {
        let text = yaml("server: smtp://127.0.0.1:25\ntls: none\nfrom: bot@example.org\nlists: [{name: ops, to: [root@localhost]}]")
        let config = try ConfigLoader.parse(yaml: text, baseDirectory: "/etc/nexboard", environment: [:])
        #expect(config.alerts.email?.smtp.tls == SMTPConfiguration.TLSMode.plain)
        #expect(config.alerts.email?.smtp.username == nil)
    }

    @Test("a bad server URL, a bad sender, a bad recipient and an unknown key are all reported at once")
    func problems() {
        let text = yaml("""
            server: http://mail.example.org
            from: not-an-address
            lits: []
            lists:
              - {name: ops, to: [ops@example.org, "bad address@x"]}
              - {name: ops, to: []}
            """)
        let problems = ConfigTestSupport.problems(text)
        let byPath = Dictionary(problems.map { ($0.keyPath, $0.message) }, uniquingKeysWith: { first, _ in first })
        #expect(byPath["alerts.email.server"]?.contains("expected an SMTP URL like smtp://") == true)
        #expect(byPath["alerts.email.from"]?.contains("expected an email address") == true)
        #expect(byPath["alerts.email.lits"]?.contains("did you mean \"lists\"") == true)
        #expect(byPath["alerts.email.lists[0].to[1]"]?.contains("got \"bad address@x\"") == true)
        #expect(byPath["alerts.email.lists[1].name"]?.contains("already named") == true)
        #expect(byPath["alerts.email.lists[1].to"]?.contains("at least one address") == true)
    }

    @Test("missing server and sender are required; a password needs a username and never shows")
    func required() {
        let problems = ConfigTestSupport.problems(yaml("password: hunter2\nlists: [{name: ops, to: [a@example.org]}]"))
        let paths = problems.map(\.keyPath)
        #expect(paths.contains("alerts.email.server"))
        #expect(paths.contains("alerts.email.from"))
        #expect(paths.contains("alerts.email.password"))
        #expect(!problems.map(\.message).joined().contains("hunter2"))
        let noPassword = ConfigTestSupport.problems(yaml("server: smtp://h:587\nfrom: a@example.org\nusername: bot"))
        #expect(noPassword.map(\.keyPath) == ["alerts.email.password"])
    }

    @Test("a TLS mode that does not fit the scheme, a bad mode and a bad timeout are reported")
    func tlsAndTimeout() {
        let mismatch = ConfigTestSupport.problems(yaml("server: smtp://h:25\ntls: implicit\nfrom: a@example.org"))
        #expect(mismatch.map(\.keyPath) == ["alerts.email.tls"])
        #expect(mismatch.first?.message.contains("smtps://") == true)
        let bad = ConfigTestSupport.problems(yaml("server: smtp://h:25\ntls: starttsl\ntimeout: 0s\nfrom: a@example.org"))
        #expect(bad.first { $0.keyPath == "alerts.email.tls" }?.message.contains("did you mean \"starttls\"") == true)
        #expect(bad.map(\.keyPath).contains("alerts.email.timeout"))
    }
}
