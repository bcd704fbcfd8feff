import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

@testable import Mail

/// SMTPMailer against a real SMTP server (aiosmtpd) on 127.0.0.1. Runs when `SMTP_PYTHON` names a
/// Python with aiosmtpd, as `.ci/run` sets it:
/// `python3 -m venv /tmp/venv && /tmp/venv/bin/pip install aiosmtpd==1.4.6`, then
/// `SMTP_PYTHON=/tmp/venv/bin/python swift test --filter MailTests`.
@Suite("SMTPMailer against a real SMTP server", .enabled(if: try SMTPTestServer.required()), .serialized, .stopsWhatItStarts)
struct SMTPMailerTests {
    static let logger: Logger = {
        var logger = Logger(label: "smtp-test")
        logger.logLevel = .critical
        return logger
    }()

    func withServer(mode: SMTPTestServer.Mode = .plain, auth: Bool = false, _ body: (SMTPTestServer) async throws -> Void) async throws {
        try await SMTPTestServer.with(mode: mode, auth: auth, body)
    }

    func mailer(_ url: String, tls: SMTPConfiguration.TLSMode? = nil, username: String? = nil, password: String? = nil,
                caFile: String? = SMTPTestServer.certificateFile, timeout: Duration = .seconds(10)) throws -> SMTPMailer {
        let server = try #require(SMTPServerAddress(url: url))
        return SMTPMailer(configuration: SMTPConfiguration(server: server, tls: tls, username: username, password: password.map(Secret.init),
                                                           caFile: caFile, connectTimeout: .seconds(5), timeout: timeout),
                          logger: Self.logger)
    }

    let subject = "[CRITICAL] pve2 mémoire 93 % — 🔔 ünïcödé"

    /// The lone "." line would end DATA early if libcurl did not dot-stuff it.
    func message(_ text: String = "Memory is at 93%.\n.\n.a line starting with a dot\nü") -> MailMessage {
        MailMessage(from: MailAddress("bot@nexboard.test", name: "NexBoard Bot"),
                    to: [MailAddress("ops@example.org"), MailAddress("oncall@example.org", name: "On Call")],
                    subject: subject, text: text, html: "<p>Memory is at <b>93%</b>.</p>")
    }

    @Test("plain SMTP delivers subject, From, several recipients, and both parts")
    func plainDelivery() async throws {
        try await withServer { server in
            let mail = message()
            try await mailer(server.url(), tls: SMTPConfiguration.TLSMode.plain).send(mail)
            let received = try #require(try await server.waitForMessages(1).first)
            #expect(received.mailFrom == "bot@nexboard.test")
            #expect(received.rcptTos == ["ops@example.org", "oncall@example.org"])
            #expect(received.tls == false)
            #expect(received.auth == nil)
            #expect(received.subject == subject)
            #expect(received.from == "NexBoard Bot <bot@nexboard.test>")
            #expect(received.to == "ops@example.org, On Call <oncall@example.org>")
            #expect(received.messageID == mail.messageID)
            #expect(received.contentType == "multipart/alternative")
            // Python's email package keeps the CRLF line breaks of the wire.
            #expect(received.text?.replacingOccurrences(of: "\r\n", with: "\n") == "Memory is at 93%.\n.\n.a line starting with a dot\nü")
            #expect(received.html == "<p>Memory is at <b>93%</b>.</p>")
            #expect(received.longestLine <= 998)
            #expect(!received.bareLF)
        }
    }

    @Test("STARTTLS with the CA file and AUTH: the envelope says TLS and the user")
    func startTLSWithLogin() async throws {
        try await withServer(mode: .starttls, auth: true) { server in
            try await mailer(server.url(), username: "bot", password: SMTPTestServer.password).send(message())
            let received = try #require(try await server.waitForMessages(1).first)
            #expect(received.tls)
            #expect(received.auth == "bot")
            #expect(received.subject == subject)
        }
    }

    @Test("implicit TLS (smtps) with AUTH delivers")
    func implicitTLS() async throws {
        try await withServer(mode: .implicitTLS, auth: true) { server in
            try await mailer(server.url(scheme: "smtps"), username: "bot", password: SMTPTestServer.password).send(message())
            let received = try #require(try await server.waitForMessages(1).first)
            #expect(received.tls)
            #expect(received.auth == "bot")
        }
    }

    @Test("a wrong password is a login refusal naming the server, user and reply, never the password")
    func wrongPassword() async throws {
        try await withServer(mode: .starttls, auth: true) { server in
            let error = await #expect(throws: SMTPError.self) {
                try await mailer(server.url(), username: "bot", password: "hunter2-wrong").send(message())
            }
            let thrown = try #require(error)
            guard case let .loginRefused(_, username, reply) = thrown else {
                Issue.record("expected a login refusal, got \(thrown)")
                return
            }
            #expect(username == "bot")
            #expect(reply?.code == 535)
            #expect("\(thrown)" == "the SMTP server at 127.0.0.1:\(server.port) refused the login for bot (535 5.7.8 Authentication credentials invalid)")
            #expect(!"\(thrown)".contains("hunter2"))
            #expect(!thrown.userMessage.contains("127.0.0.1"))
            #expect(try server.received().isEmpty)
        }
    }

    @Test("a server without STARTTLS is refused when TLS is required")
    func noStartTLS() async throws {
        try await withServer { (server: SMTPTestServer) async throws in
            let error = await #expect(throws: SMTPError.self) {
                try await mailer(server.url()).send(message())
            }
            #expect(error == .startTLSUnavailable(server: "127.0.0.1:\(server.port)"))
            #expect("\(error!)".contains("does not offer STARTTLS"))
            #expect(try server.received().isEmpty)
        }
    }

    @Test("a user configured for a server that offers no login: nothing is sent, and the error says why")
    func loginUnavailable() async throws {
        try await withServer { (server: SMTPTestServer) async throws in
            let error = await #expect(throws: SMTPError.self) {
                try await mailer(server.url(), tls: .plain, username: "bot", password: "smtppass").send(message())
            }
            #expect(error == .loginUnavailable(server: "127.0.0.1:\(server.port)", username: "bot"))
            #expect("\(error!)".contains("does not offer a login (AUTH), so nothing was sent as bot"))
            #expect(try server.received().isEmpty)
        }
    }

    @Test("an untrusted certificate fails the TLS handshake")
    func untrustedCertificate() async throws {
        try await withServer(mode: .starttls) { (server: SMTPTestServer) async throws in
            let error = await #expect(throws: SMTPError.self) {
                try await mailer(server.url(), caFile: RepositoryPaths.file("Sources/NexBoardTesting/SMTPSink/other-ca.pem")).send(message())
            }
            guard case .tlsFailed = error else {
                Issue.record("expected a TLS failure, got \(String(describing: error))")
                return
            }
        }
    }

    @Test("nothing listening on 127.0.0.1:9 fails quickly with 'could not connect'")
    func nothingListening() async throws {
        let started = ContinuousClock.now
        let error = await #expect(throws: SMTPError.self) {
            try await mailer("smtp://127.0.0.1:9", tls: SMTPConfiguration.TLSMode.plain).send(message())
        }
        #expect(error == .cannotConnect(server: "127.0.0.1:9"))
        #expect("\(error!)" == "could not connect to 127.0.0.1:9")
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("a server that never answers times out at the configured deadline")
    func silentServerTimesOut() async throws {
        try await withServer(mode: .silent) { (server: SMTPTestServer) async throws in
            let started = ContinuousClock.now
            let error = await #expect(throws: SMTPError.self) {
                try await mailer(server.url(), timeout: .seconds(1)).send(message())
            }
            #expect(error == .timedOut(server: "127.0.0.1:\(server.port)", after: .seconds(1)))
            #expect("\(error!)".hasSuffix("did not finish within 1 s"))
            #expect(ContinuousClock.now - started < .seconds(4))
        }
    }

    @Test("cancelling the sending task stops the transfer")
    func cancellation() async throws {
        try await withServer(mode: .silent) { (server: SMTPTestServer) async throws in
            let mailer = try mailer(server.url(), timeout: .seconds(30))
            let started = ContinuousClock.now
            let sending = Task { try await mailer.send(message()) }
            try await Task.sleep(for: .milliseconds(300))
            sending.cancel()
            let result = await sending.result
            #expect(throws: SMTPError.cancelled) { try result.get() }
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test("sends run off the cooperative pool: eight at once do not starve other tasks")
    func concurrentSends() async throws {
        try await withServer { server in
            let mailer = try mailer(server.url(), tls: SMTPConfiguration.TLSMode.plain)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<8 {
                    group.addTask { try await mailer.send(message("message \(index)")) }
                }
                try await group.waitForAll()
            }
            let received = try await server.waitForMessages(8)
            #expect(Set(received.compactMap(\.text)) == Set((0..<8).map { "message \($0)" }))
        }
    }
}
