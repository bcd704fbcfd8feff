import Foundation

/// Writes a `MailMessage` as an RFC 5322 message with MIME bodies: the bytes sent after DATA.
///
/// Headers are folded, non-ASCII header text becomes RFC 2047 encoded words, bodies are UTF-8 in
/// quoted-printable, lines end in CRLF and none is longer than 78 characters in the body (998 in
/// headers). Dot-stuffing (a line starting with ".") is not done here: libcurl does it while sending.
public struct MIMEWriter: Sendable {
    public init() {}

    /// The message's bytes; `boundary` (for `multipart/alternative`) is random unless given.
    public func render(_ message: MailMessage, boundary: String? = nil) -> [UInt8] {
        var headers: [String] = [
            MIMEEncoding.fold("Date", Self.dateText(message.date)),
            MIMEEncoding.fold("From", MIMEEncoding.address(message.from)),
            MIMEEncoding.fold("To", message.to.map(MIMEEncoding.address).joined(separator: ", ")),
            MIMEEncoding.fold("Subject", MIMEEncoding.headerText(message.subject)),
            MIMEEncoding.fold("Message-ID", message.messageID),
        ]
        if let inReplyTo = message.inReplyTo {
            headers.append(MIMEEncoding.fold("In-Reply-To", inReplyTo))
        }
        if !message.references.isEmpty {
            headers.append(MIMEEncoding.fold("References", message.references.joined(separator: " ")))
        }
        for header in message.headers where Self.isHeaderName(header.name) {
            headers.append(MIMEEncoding.fold(header.name, MIMEEncoding.headerText(header.value)))
        }
        headers.append("MIME-Version: 1.0")

        var lines = headers
        if let html = message.html {
            let boundary = boundary ?? "=_nexboard_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            lines.append(MIMEEncoding.fold("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""))
            lines.append("")
            lines.append("This is a message in MIME format; it has a plain-text and an HTML version.")
            for (subtype, body) in [("plain", message.text), ("html", html)] {
                lines.append("--\(boundary)")
                lines.append(contentsOf: Self.part(subtype: subtype, body: body))
            }
            lines.append("--\(boundary)--")
        } else {
            lines.append(contentsOf: Self.part(subtype: "plain", body: message.text))
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// `Content-Type` and `Content-Transfer-Encoding`, a blank line, the encoded body.
    private static func part(subtype: String, body: String) -> [String] {
        ["Content-Type: text/\(subtype); charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
         MIMEEncoding.quotedPrintable(body)]
    }

    /// RFC 5322 date-time in UTC: `Wed, 25 Nov 2026 12:00:00 +0000`.
    static func dateText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// Printable ASCII without spaces or colons (RFC 5322 ftext); other names are dropped.
    private static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) && $0 != ":" }
    }
}
