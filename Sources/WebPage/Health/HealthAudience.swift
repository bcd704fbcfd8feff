import Hummingbird
import NexBoardCore
import NIOCore

/// Who may read the details of `/healthz` (versions, channel ids, destination names, errors).
///
/// Anyone gets the overall state and each component's state. The details go to a caller on this
/// machine (a loopback peer whose request carries no `Forwarded`, `X-Forwarded-For` or `X-Real-IP`
/// header: behind a reverse proxy every request comes from loopback, so a forwarded one counts as a
/// stranger) and to a caller that sends `Authorization: Bearer <http.health_token>`.
struct HealthAudience {
    static let forwardingHeaders = ["forwarded", "x-forwarded-for", "x-real-ip"]

    let token: Secret?

    func mayReadDetails(_ request: Request, peer: SocketAddress?) -> Bool {
        if let token, let given = bearerToken(in: request), token.matches(given) { return true }
        let forwarded = request.headers.contains { Self.forwardingHeaders.contains($0.name.canonicalName) }
        return !forwarded && peer.map(Self.isLoopback) == true
    }

    private func bearerToken(in request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    static func isLoopback(_ address: SocketAddress) -> Bool {
        switch address {
        case .unixDomainSocket: return true
        case .v4, .v6:
            guard let ip = address.ipAddress else { return false }
            return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
        }
    }
}
