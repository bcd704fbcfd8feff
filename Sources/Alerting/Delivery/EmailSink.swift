import Foundation
import Mail
import NexBoardCore

/// Sends notifications as email to configured lists of addresses; destinations are list names
/// (`email:<list>`). The handle of a sent notification is its Message-ID: a resolution or an
/// acknowledgement (`edit`) cannot change a sent mail, so it goes out as a reply ("Re: …" with
/// `In-Reply-To` and `References`) that mail clients show in the same thread.
///
/// A notification's Message-ID is derived from its outbox key, so a resend after a crash carries
/// the same Message-ID, which mail stores use to drop the duplicate.
///
/// A server's permanent refusal of the sender, a recipient or the message (`SMTPError.isPermanent`)
/// is thrown as `DeliveryError.permanent`: the row becomes a dead letter. A refused login is not:
/// one login serves every list, and once it is fixed the backlog goes out.
public struct EmailSink: NotificationSink {
    /// 10 a minute per list, so an alert storm does not look like spam to the relay.
    public static let pace = DeliveryPace(burst: 10, per: 60)
    public var pace: DeliveryPace { Self.pace }
    private let transport: any MailTransport
    private let from: MailAddress
    private let lists: [String: [MailAddress]]
    private let renderer: EmailRenderer
    private let now: @Sendable () -> Date

    /// - Parameter lists: recipients by list name.
    public init(transport: any MailTransport, from: MailAddress, lists: [String: [MailAddress]],
                renderer: EmailRenderer = EmailRenderer(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.transport = transport
        self.from = from
        self.lists = lists
        self.renderer = renderer
        self.now = now
    }

    public func send(_ message: Message, to destination: String, key: String) async throws -> String {
        let messageID = MailMessage.makeMessageID(domain: from.domain, local: Self.messageIDLocalPart(for: key))
        try await deliver(mail(message, to: destination, messageID: messageID, subject: renderer.subject(for: message)))
        return messageID
    }

    public func edit(_ handle: String, _ message: Message, at destination: String) async throws {
        var mail = try mail(message, to: destination, messageID: nil, subject: "Re: " + renderer.subject(for: message))
        mail.inReplyTo = handle
        mail.references = [handle]
        try await deliver(mail)
    }

    private func deliver(_ mail: MailMessage) async throws {
        do {
            try await transport.send(mail)
        } catch let error as SMTPError where error.isPermanent {
            throw DeliveryError.permanent(reason: error.description)
        }
    }

    private func mail(_ message: Message, to destination: String, messageID: String?, subject: String) throws -> MailMessage {
        guard let recipients = lists[destination], !recipients.isEmpty else {
            throw DeliveryError.permanent(reason: "no email list named \(destination) is configured")
        }
        return MailMessage(from: from, to: recipients, subject: subject, text: renderer.plainText(for: message),
                           html: renderer.html(for: message), messageID: messageID, date: now(),
                           headers: [.init("Auto-Submitted", "auto-generated")])
    }

    /// `nexboard.<readable part of the key>.<64-bit FNV-1a of the key in hex>`: stable per key,
    /// distinct for distinct keys even where the readable part had to drop characters.
    static func messageIDLocalPart(for key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let readable = key.prefix(60).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "." }
        return "nexboard.\(String(readable)).\(String(hash, radix: 16))"
    }
}
