/*
 Verifies Slack's request signatures (shared/reference/slack/docs: verifying requests from Slack;
 test vector in slack-request-signing-test-vector.json): `X-Slack-Signature` is `v0=` followed by
 the hex HMAC-SHA256, keyed with the signing secret, of `v0:<X-Slack-Request-Timestamp>:<raw body>`.
 The comparison takes constant time. A timestamp more than 5 minutes from now, in either direction,
 is refused, so that a captured request cannot be replayed later.
 */
import ChatKit
import Crypto
import Foundation
import NexBoardCore

/// Checks `X-Slack-Signature` / `X-Slack-Request-Timestamp` against the signing secret.
public struct SlackSignatureVerifier: Sendable {
    /// Why a request was refused (logged; the answer is a bare 401).
    public enum Failure: Error, Sendable, Equatable {
        case missingHeaders
        case malformedSignature
        case badSignature
        case staleTimestamp
    }

    private let signingSecret: Secret
    private let maxSkew: TimeInterval
    private let now: @Sendable () -> Date

    public init(signingSecret: Secret, maxSkew: Duration = .seconds(300), now: @escaping @Sendable () -> Date = { Date() }) {
        self.signingSecret = signingSecret
        self.maxSkew = TimeInterval(maxSkew.components.seconds)
        self.now = now
    }

    /// Throws a `Failure` unless the signature is Slack's over this timestamp and body, and the timestamp is recent.
    public func verify(signature: String?, timestamp: String?, body: Data) throws(Failure) {
        guard let signature, let timestamp, !signature.isEmpty, !timestamp.isEmpty else { throw .missingHeaders }
        guard signature.hasPrefix("v0="), let mac = HexBytes.decode(String(signature.dropFirst(3))), mac.count == 32 else {
            throw .malformedSignature
        }
        var base = Data("v0:\(timestamp):".utf8)
        base.append(body)
        let key = SymmetricKey(data: Data(signingSecret.value.utf8))
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: base, using: key) else { throw .badSignature }
        guard let seconds = TimeInterval(timestamp), abs(now().timeIntervalSince1970 - seconds) <= maxSkew else { throw .staleTimestamp }
    }

    /// The signature Slack would send for `body` at `timestamp` (tests, and the fake's HTTP mode).
    public static func signature(secret: String, timestamp: String, body: Data) -> String {
        var base = Data("v0:\(timestamp):".utf8)
        base.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: base, using: SymmetricKey(data: Data(secret.utf8)))
        return "v0=" + HexBytes.encode(mac)
    }
}
