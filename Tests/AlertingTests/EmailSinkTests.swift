import Foundation
import Mail
import NexBoardCore
import Synchronization
import Testing

@testable import Alerting

/// Records the mails a sink hands over, and fails while told to.
final class RecordingTransport: MailTransport {
    private let state = Mutex<(sent: [MailMessage], failuresLeft: Int, error: SMTPError)>(([], 0, .cannotConnect(server: "127.0.0.1:9")))

    var sent: [MailMessage] { state.withLock { $0.sent } }
    func fail(_ count: Int, with error: SMTPError = .cannotConnect(server: "127.0.0.1:9")) {
        state.withLock { $0.failuresLeft = count; $0.error = error }
    }

    func send(_ message: MailMessage) async throws {
        try state.withLock { state in
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                throw state.error
            }
            state.sent.append(message)
        }
    }
}

@Suite("The email sink")
struct EmailSinkTests {
    let firing = Message(title: "🔔 pve2 memory 93% for 5m", text: "Firing since 2026-11-18 11:06 UTC on cluster homelab.",
                         fields: [.init("Node", "pve2"), .init("Memory", "93% <of 64 GiB>")],
                         table: Table(headers: ["Guest", "Memory"], rows: [["web01", "12 GiB"], ["db01", "30 GiB"]]),
                         buttons: [Button("Acknowledge", command: "alert ack mem@homelab:pve2"),
                                   Button("Silence 1h", command: "alert silence mem@homelab:pve2 1h")],
                         footer: "alert mem@homelab:pve2", severity: .error)

    func sink(_ transport: RecordingTransport) -> EmailSink {
        EmailSink(transport: transport, from: MailAddress("nexboard@example.org", name: "NexBoard"),
                  lists: ["ops": [MailAddress("a@example.org"), MailAddress("b@example.org")]],
                  now: { Date(timeIntervalSince1970: 1_795_000_000) })
    }

    @Test("a notification becomes a mail to the list, subject prefixed by severity, and its Message-ID is the handle")
    func send() async throws {
        let transport = RecordingTransport()
        let handle = try await sink(transport).send(firing, to: "ops", key: "k1@email:ops")
        let mail = try #require(transport.sent.first)
        #expect(mail.subject == "[CRITICAL] pve2 memory 93% for 5m")
        #expect(mail.to.map(\.address) == ["a@example.org", "b@example.org"])
        #expect(mail.from.address == "nexboard@example.org")
        #expect(mail.messageID == handle)
        #expect(handle.hasSuffix("@example.org>"))
        #expect(mail.headers.contains(.init("Auto-Submitted", "auto-generated")))
        #expect(mail.inReplyTo == nil)
    }

    @Test("the same outbox key gives the same Message-ID, another key another one")
    func stableMessageID() async throws {
        let transport = RecordingTransport()
        let first = try await sink(transport).send(firing, to: "ops", key: "k1@email:ops")
        let again = try await sink(transport).send(firing, to: "ops", key: "k1@email:ops")
        let other = try await sink(transport).send(firing, to: "ops", key: "k2@email:ops")
        #expect(first == again)
        #expect(first != other)
    }

    @Test("an edit is a reply in the same thread: Re: subject, In-Reply-To and References the original")
    func edit() async throws {
        let transport = RecordingTransport()
        let sink = sink(transport)
        let handle = try await sink.send(firing, to: "ops", key: "k1@email:ops")
        let resolved = Message(title: "✔ Resolved: pve2 memory 93% for 5m", text: "Resolved at 2026-11-18 11:30 UTC after 24 min.",
                               severity: .success)
        try await sink.edit(handle, resolved, at: "ops")
        let reply = try #require(transport.sent.last)
        #expect(transport.sent.count == 2)
        #expect(reply.subject == "Re: [OK] Resolved: pve2 memory 93% for 5m")
        #expect(reply.inReplyTo == handle)
        #expect(reply.references == [handle])
        #expect(reply.messageID != handle)
    }

    @Test("an unknown list is a permanent failure: the outbox makes the row a dead letter")
    func unknownList() async {
        let error = await #expect(throws: DeliveryError.self) {
            try await sink(RecordingTransport()).send(firing, to: "nobody", key: "k")
        }
        #expect(error?.description == "no email list named nobody is configured")
        guard case .permanent = error else {
            Issue.record("expected a permanent failure, got \(String(describing: error))")
            return
        }
    }

    @Test("a 5xx refusal of a recipient or the message is permanent; a refused login and a 4xx are retried")
    func permanentRefusals() async {
        let transport = RecordingTransport()
        let server = "mail.example.org:587"
        transport.fail(1, with: .rejected(server: server, detail: "RCPT failed", reply: SMTPReply(code: 550, text: "5.1.1 No such user")))
        let refused = await #expect(throws: DeliveryError.self) { try await sink(transport).send(firing, to: "ops", key: "k") }
        #expect(refused?.description == "the SMTP server at mail.example.org:587 refused the message: RCPT failed (550 5.1.1 No such user)")
        for error in [
            SMTPError.loginRefused(server: server, username: "bot", reply: SMTPReply(code: 535, text: "5.7.8 Authentication failed")),
            .rejected(server: server, detail: "MAIL failed", reply: SMTPReply(code: 530, text: "5.7.0 Authentication required")),
            .rejected(server: server, detail: "RCPT failed", reply: SMTPReply(code: 451, text: "4.3.0 Try again later")),
            .cannotConnect(server: server),
        ] {
            #expect(!error.isPermanent)
            transport.fail(1, with: error)
            await #expect(throws: SMTPError.self) { try await sink(transport).send(firing, to: "ops", key: "k") }
        }
    }

    @Test("the plain text is TextRenderer's, with buttons turned into chat commands")
    func plainText() {
        let text = EmailRenderer().plainText(for: firing)
        #expect(text.contains("pve2 memory 93% for 5m"))
        #expect(text.contains(TextRenderer.renderTable(firing.table!)))
        #expect(text.contains("alert ack mem@homelab:pve2   (Acknowledge)"))
        #expect(!text.contains("[1] Acknowledge"))
    }

    @Test("the HTML escapes text and shows fields, the table and the commands")
    func html() {
        let html = EmailRenderer().html(for: firing)
        #expect(html.contains("<h2 style=\"margin:0 0 8px 0\">🔔 pve2 memory 93% for 5m</h2>"))
        #expect(html.contains("93% &lt;of 64 GiB&gt;"))
        #expect(html.contains("<pre style=\"font-family:monospace\">Guest"))
        #expect(html.contains("<code>alert ack mem@homelab:pve2</code> (Acknowledge)"))
        #expect(html.contains("#d32f2f"))
    }

    @Test("subjects drop leading symbols and fall back to the text")
    func subjects() {
        let renderer = EmailRenderer()
        #expect(renderer.subject(for: Message(title: "↯ Flapping: x", severity: .warning)) == "[WARNING] Flapping: x")
        #expect(renderer.subject(for: Message(text: "VM 101 stopped\nmore", severity: .info)) == "[INFO] VM 101 stopped")
        #expect(renderer.subject(for: Message(title: String(repeating: "a", count: 300))).count == 200)
    }
}
