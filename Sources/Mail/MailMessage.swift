import Foundation

/// One email: envelope and headers, a plain-text body and an optional HTML alternative.
///
/// `MIMEWriter` turns it into the bytes sent after SMTP's DATA; `SMTPMailer` sends it.
public struct MailMessage: Sendable, Equatable {
    /// One extra header, such as `Auto-Submitted: auto-generated`. Line breaks in the value are
    /// replaced by spaces when written, so a header can never start another.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var from: MailAddress
    /// The recipients; each gets the message (SMTP `RCPT TO`) and is listed in `To`.
    public var to: [MailAddress]
    public var subject: String
    public var text: String
    /// An HTML version of `text`; when present the message is `multipart/alternative`.
    public var html: String?
    /// `<unique@domain>`, angle brackets included.
    public var messageID: String
    /// The Message-ID this message answers, for threading.
    public var inReplyTo: String?
    /// The Message-IDs of the thread, oldest first.
    public var references: [String]
    public var date: Date
    public var headers: [Header]

    /// - Parameter messageID: nil makes a new one on the sender's domain (`MailMessage.makeMessageID`).
    public init(from: MailAddress, to: [MailAddress], subject: String, text: String, html: String? = nil,
                messageID: String? = nil, inReplyTo: String? = nil, references: [String] = [],
                date: Date = Date(), headers: [Header] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID ?? Self.makeMessageID(domain: from.domain)
        self.inReplyTo = inReplyTo
        self.references = references
        self.date = date
        self.headers = headers
    }

    /// `<random@domain>`, or `<local@domain>` when `local` is given (characters outside RFC 5322's
    /// atext become `-`).
    public static func makeMessageID(domain: String, local: String? = nil) -> String {
        let left = local.map { text in
            String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "!#$%&'*+-/=?^_`{|}~.".contains($0)) ? $0 : "-" })
        } ?? UUID().uuidString.lowercased()
        let cleaned = left.split(separator: ".", omittingEmptySubsequences: true).joined(separator: ".")
        return "<\(cleaned.isEmpty ? UUID().uuidString.lowercased() : cleaned)@\(domain)>"
    }
}
