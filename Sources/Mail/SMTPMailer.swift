import Foundation
import Logging

/// Sends mail through an SMTP server with libcurl (STARTTLS or implicit TLS, AUTH PLAIN/LOGIN).
///
/// libcurl blocks while it talks to the server, so each send runs on a thread of its own, never on
/// Swift's cooperative pool, and the caller awaits it. One connection per message: alerts are rare.
/// Cancelling the awaiting task stops the transfer within about a second.
public struct SMTPMailer: MailTransport {
    public let configuration: SMTPConfiguration
    private let logger: Logger

    public init(configuration: SMTPConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    public func send(_ message: MailMessage) async throws {
        if let mismatch = configuration.mismatch { throw SMTPError.invalidConfiguration(mismatch) }
        guard !message.to.isEmpty else { throw SMTPError.invalidConfiguration("the message has no recipients") }
        let request = CurlTransfer.Request(configuration: configuration, sender: message.from.address,
                                           recipients: message.to.map(\.address), bytes: MIMEWriter().render(message))
        let metadata: Logger.Metadata = [
            "smtp.server": "\(configuration.server)", "mail.message_id": "\(message.messageID)",
            "mail.recipients": "\(message.to.count)",
        ]
        logger.debug("Sending email", metadata: metadata)
        let cancellation = TransferCancellation()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, SMTPError>, Never>) in
                let thread = Thread {
                    continuation.resume(returning: CurlTransfer.perform(request, cancellation: cancellation))
                }
                thread.name = "nexboard-smtp"
                thread.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
        switch result {
        case .success:
            logger.info("Email sent", metadata: metadata)
        case .failure(let error):
            var failed = metadata
            failed["error"] = "\(error)"
            logger.debug("Email not sent", metadata: failed)
            throw error
        }
    }
}
