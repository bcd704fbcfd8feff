import Foundation
import Integrations

/// How a certificate's expiry reads: `41 days`, `expires today`, `expired 3 days ago`.
enum ProxyCertificateText {
    /// Below this many days left, lists flag the certificate.
    static let warningDays = 14

    static func expiry(_ certificate: ProxyCertificate, now: Date) -> String {
        guard let days = certificate.daysLeft(now: now) else { return "expiry unknown" }
        switch days {
        case ..<0: return "expired \(-days) day\(days == -1 ? "" : "s") ago"
        case 0: return "expires today"
        case 1: return "1 day"
        default: return "\(days) days"
        }
    }
}
