/// Something that delivers a `MailMessage`: `SMTPMailer`, or a test's recorder.
public protocol MailTransport: Sendable {
    /// Returns once the server accepted the message; throws a typed, readable error otherwise.
    func send(_ message: MailMessage) async throws
}
