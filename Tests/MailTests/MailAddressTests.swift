import Testing

@testable import Mail

@Suite("Email addresses and SMTP server URLs")
struct MailAddressTests {
    @Test("plain and named addresses parse", arguments: [
        ("alerts@example.org", "alerts@example.org", nil),
        ("NexBoard <alerts@example.org>", "alerts@example.org", "NexBoard"),
        ("\"Ops, Team\" <ops+pve@mail.example.org>", "ops+pve@mail.example.org", "Ops, Team"),
        ("root@[192.168.1.10]", "root@[192.168.1.10]", nil),
        ("root@localhost", "root@localhost", nil),
    ] as [(String, String, String?)])
    func valid(text: String, address: String, name: String?) throws {
        let parsed = try #require(MailAddress.parse(text))
        #expect(parsed.address == address)
        #expect(parsed.name == name)
    }

    @Test("malformed addresses are refused", arguments: [
        "", "alerts", "@example.org", "alerts@", "a..b@example.org", ".a@example.org", "a b@example.org",
        "a@exa mple.org", "a@-example.org", "jürgen@example.org", "NexBoard <alerts>", "a@b@c", "a@[300.1.1.1]",
    ])
    func invalid(text: String) {
        #expect(MailAddress.parse(text) == nil)
    }

    @Test("SMTP URLs parse with default ports; other URLs are refused")
    func serverURLs() throws {
        let starttls = try #require(SMTPServerAddress(url: "smtp://mail.example.org"))
        #expect(starttls.port == 587)
        #expect(starttls.description == "mail.example.org:587")
        let implicit = try #require(SMTPServerAddress(url: "smtps://mail.example.org:2465/"))
        #expect(implicit.port == 2465 && implicit.scheme == "smtps")
        #expect(SMTPServerAddress(url: "smtp://[::1]:25")?.url == "smtp://[::1]:25")
        #expect(SMTPServerAddress(url: "smtp://127.0.0.1:25")?.isLoopback == true)
        for bad in ["http://mail.example.org", "mail.example.org:25", "smtp://", "smtp://user:pw@host", "smtp://host:0", "smtp://host:99999",
                    "smtp://host/path"] {
            #expect(SMTPServerAddress(url: bad) == nil, "\(bad)")
        }
    }

    @Test("the TLS mode defaults from the scheme, and a mode that does not fit is named")
    func tlsModes() throws {
        let smtp = try #require(SMTPServerAddress(url: "smtp://h:25"))
        let smtps = try #require(SMTPServerAddress(url: "smtps://h"))
        #expect(SMTPConfiguration(server: smtp).tls == .starttls)
        #expect(SMTPConfiguration(server: smtps).tls == .implicit)
        #expect(SMTPConfiguration(server: smtp, tls: .implicit).mismatch != nil)
        #expect(SMTPConfiguration(server: smtps, tls: .plain).mismatch != nil)
        #expect(SMTPConfiguration(server: smtp, tls: .plain).mismatch == nil)
    }

    @Test("the password and its base64 form are scrubbed from error texts")
    func scrubbing() {
        let text = CurlTransfer.scrub("AUTH PLAIN c2VjcmV0MTIz failed for secret123", password: .init("secret123"))
        #expect(!text.contains("secret123"))
        #expect(!text.contains("c2VjcmV0MTIz"))
    }
}
