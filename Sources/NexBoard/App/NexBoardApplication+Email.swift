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
        var lists: [String: [MailAddress]] = [:]
        for list in email?.lists ?? [] {
            lists[list.name] = list.to
            let filter = AlertSubscription(minimumSeverity: AlertSeverity(rawValue: list.severity) ?? .warning)
            try await store.alerts.subscribe(AlertSubscriptionRecord(
                destination: "email:\(list.name)", filter: filter.encoded, createdBy: "config", createdAt: now()))
        }
        for subscription in try await store.alerts.subscriptions()
        where subscription.destination.hasPrefix("email:") && lists[String(subscription.destination.dropFirst(6))] == nil {
            _ = try await store.alerts.unsubscribe(destination: subscription.destination)
        }
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
