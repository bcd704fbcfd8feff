/*
 Nginx Proxy Manager answers, as its backend schema documents them: the token object
 (`POST /api/tokens`, `GET /api/tokens` to refresh), proxy hosts (`GET /api/nginx/proxy-hosts`,
 `expand=certificate` embeds each host's certificate) and certificates (`GET /api/nginx/certificates`),
 whose `expires_on` is an ISO 8601 time. Errors are `{"error": {"code", "message"}}`.
 */
import Foundation

struct NPMLogin: Encodable {
    var identity: String
    var secret: String
}

struct NPMToken: Decodable {
    var token: String
    /// ISO 8601, `2025-02-04T20:40:46.340Z`.
    var expires: String
}

struct NPMCertificateAnswer: Decodable {
    var id: Int
    var provider: String?
    var nice_name: String?
    var domain_names: [String]
    var expires_on: String?
}

struct NPMProxyHostAnswer: Decodable {
    struct Meta: Decodable {
        var nginx_online: Bool?
    }
    var id: Int
    var domain_names: [String]
    var forward_scheme: String?
    var forward_host: String
    var forward_port: Int
    var enabled: Bool
    var ssl_forced: Bool?
    var certificate_id: NPMCertificateID?
    var meta: Meta?
    var certificate: NPMCertificateAnswer?
}

/// `certificate_id`: a number (0: none), or `"new"` while one is being requested.
enum NPMCertificateID: Decodable {
    case id(Int)
    case other(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .id(number)
        } else {
            self = .other(try container.decode(String.self))
        }
    }
}

enum NPMTime {
    /// Parses `2025-10-28T04:17:54.000Z` (with or without fractional seconds), or the database form
    /// `2025-10-28 04:17:54` in UTC that NPM answers a certificate's creation with; nil otherwise.
    static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        return (try? withFraction.parse(text)) ?? (try? whole.parse(text)) ?? (try? database.parse(text))
    }

    // Format styles are values made once; a formatter per certificate was most of a cycle's CPU.
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let whole = Date.ISO8601FormatStyle()
    private static let database = Date.ISO8601FormatStyle(dateTimeSeparator: .space).year().month().day().time(includingFractionalSeconds: false)
}
