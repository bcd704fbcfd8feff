import Foundation
import NexBoardCore

/// Why an email was not sent. `description` is for logs and operators (it names the server);
/// `userMessage` is what a chat user may read. Neither ever contains the password.
public enum SMTPError: Error, Equatable, CustomStringConvertible, UserFacingError {
    /// The configuration cannot work (a TLS mode that does not fit the URL, no recipients).
    case invalidConfiguration(String)
    case cannotResolve(server: String)
    case cannotConnect(server: String)
    /// AUTH failed: wrong user name or password, or the server allows no login.
    case loginRefused(server: String, username: String, reply: SMTPReply?)
    /// STARTTLS was required and the server does not offer it.
    case startTLSUnavailable(server: String)
    /// A user is configured but the server offered no AUTH: nothing was sent.
    case loginUnavailable(server: String, username: String)
    /// The TLS handshake failed or the certificate was not trusted.
    case tlsFailed(server: String, detail: String)
    case timedOut(server: String, after: Duration)
    /// The server refused the sender, a recipient or the message.
    case rejected(server: String, detail: String, reply: SMTPReply?)
    case connectionLost(server: String, detail: String)
    case cancelled
    /// libcurl, which sends the mail, could not be loaded (dlopen's text): it is not installed.
    case libcurlMissing(detail: String)
    /// Anything else libcurl reported: its code and text.
    case other(server: String, curlCode: Int, detail: String, reply: SMTPReply?)

    public var description: String {
        switch self {
        case .invalidConfiguration(let detail):
            "the email settings cannot work: \(detail)"
        case .cannotResolve(let server):
            "could not resolve the SMTP server's host name in \(server)"
        case .cannotConnect(let server):
            "could not connect to \(server)"
        case let .loginRefused(server, username, reply):
            "the SMTP server at \(server) refused the login for \(username)\(Self.suffix(reply))"
        case .startTLSUnavailable(let server):
            "the SMTP server at \(server) does not offer STARTTLS (use tls: none only for a relay you trust)"
        case let .loginUnavailable(server, username):
            "the SMTP server at \(server) does not offer a login (AUTH), so nothing was sent as \(username); "
                + "remove alerts.email.username if the relay needs none"
        case let .tlsFailed(server, detail):
            "the TLS connection to the SMTP server at \(server) failed: \(detail)"
        case let .timedOut(server, after):
            "the SMTP server at \(server) did not finish within \(Self.seconds(after))"
        case let .rejected(server, detail, reply):
            "the SMTP server at \(server) refused the message: \(detail)\(Self.suffix(reply))"
        case let .connectionLost(server, detail):
            "the connection to the SMTP server at \(server) broke: \(detail)"
        case .cancelled:
            "sending the email was cancelled"
        case .libcurlMissing(let detail):
            "email needs libcurl (Debian: libcurl4): \(detail)"
        case let .other(server, code, detail, reply):
            "sending through the SMTP server at \(server) failed: \(detail) (curl error \(code))\(Self.suffix(reply))"
        }
    }

    /// Whether sending the same mail again cannot help: the server refused the sender, a recipient
    /// or the message with a 5xx reply. Authentication replies (530-539: login required, refused)
    /// are not permanent, as fixing the login makes the same mail go through.
    public var isPermanent: Bool {
        guard case let .rejected(_, _, reply?) = self else { return false }
        return (500...599).contains(reply.code) && !(530...539).contains(reply.code)
    }

    public var userMessage: String {
        switch self {
        case .invalidConfiguration: "Email is not configured correctly."
        case .cannotResolve, .cannotConnect, .timedOut, .connectionLost: "The mail server could not be reached."
        case .loginRefused, .loginUnavailable: "The mail server refused NexBoard's login."
        case .startTLSUnavailable, .tlsFailed: "A secure connection to the mail server could not be made."
        case .rejected: "The mail server refused the message."
        case .cancelled: "Sending the email was cancelled."
        case .libcurlMissing: "Email cannot be sent: the NexBoard host lacks a library it needs."
        case .other: "The email could not be sent."
        }
    }

    private static func suffix(_ reply: SMTPReply?) -> String {
        reply.map { " (\($0))" } ?? ""
    }

    private static func seconds(_ duration: Duration) -> String {
        let value = duration.timeInterval
        return value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}
