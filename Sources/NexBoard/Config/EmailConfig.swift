import Mail
import NexBoardCore

/// Email delivery of the alert stream (`alerts.email`): one SMTP server and named recipient lists.
public struct EmailConfig: Sendable, Equatable {
    /// One list of recipients (`alerts.email.lists[]`); notifications go to `email:<name>`.
    public struct List: Sendable, Equatable {
        public var name: String
        public var to: [MailAddress]
        /// The least severity it receives (`info`, `warning`, `critical`; default `warning`).
        public var severity: String

        public init(name: String, to: [MailAddress], severity: String = "warning") {
            self.name = name
            self.to = to
            self.severity = severity
        }
    }

    /// `server`, `tls`, `username`, `password`, `ca_file` and `timeout`, ready for `SMTPMailer`.
    public var smtp: SMTPConfiguration
    /// `from`: the sender of every mail.
    public var from: MailAddress
    public var lists: [List]

    public init(smtp: SMTPConfiguration, from: MailAddress, lists: [List]) {
        self.smtp = smtp
        self.from = from
        self.lists = lists
    }
}
