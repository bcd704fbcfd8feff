import Alerting
import Foundation
import Logging
import Mail
import Store

extension NexBoardApplication {
    /// Registers the email sink (platform `email`) and subscribes each configured list
    /// (`email:<name>`) with its severity; lists no longer configured are unsubscribed. Without an
    /// `alerts.email` section every `email:` subscription is removed.
    ///
    /// - Parameter transport: the mailer; nil builds an `SMTPMailer` from the configuration.
    static func configureEmail(_ email: EmailConfig?, store: NexBoardStore, sinks: NotificationSinks, now: @escaping @Sendable () -> Date,
                               logger: Logger, transport: (any MailTransport)? = nil) async throws {
        let configured = email?.lists ?? []
        try await subscribeConfigured(platform: "email", configured.map { ($0.name, $0.severity) }, store: store, now: now)
        let lists = Dictionary(configured.map { ($0.name, $0.to) }, uniquingKeysWith: { first, _ in first })
        guard let email, !lists.isEmpty else { return }
        var mailLogger = logger
        mailLogger[metadataKey: "component"] = "email"
        if email.smtp.tls == .plain, email.smtp.password != nil, !email.smtp.server.isLoopback {
            mailLogger.warning("Email login is sent unencrypted (alerts.email.tls: none) to a server that is not on this machine",
                               metadata: ["smtp.server": "\(email.smtp.server)"])
        }
        let mailer = transport ?? SMTPMailer(configuration: email.smtp, logger: mailLogger)
        await sinks.register("email", EmailSink(transport: mailer, from: email.from, lists: lists, now: now))
    }
}
