/*
 Verifies Discord's signature on HTTP interactions (interactions/overview.mdx, "Setting up an
 endpoint"): Ed25519 over the `X-Signature-Timestamp` header followed by the raw body, with the
 application's public key; the signature is `X-Signature-Ed25519` in hex. A timestamp far from now
 is refused too, so that a captured request cannot be replayed later.
 */
import ChatKit
import Crypto
import Foundation

/// Checks `X-Signature-Ed25519` / `X-Signature-Timestamp` against the application's public key.
public struct DiscordSignatureVerifier: Sendable {
    /// Why a request was refused (logged; the answer is a bare 401).
    public enum Failure: Error, Sendable, Equatable {
        case missingHeaders
        case malformedSignature
        case badSignature
        case staleTimestamp
    }

    /// The raw 32-byte key (the swift-crypto key type is not Sendable; it is rebuilt per check).
    private let publicKey: Data
    private let maxSkew: Duration
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - publicKeyHex: the application's public key (64 hex characters, from the developer portal).
    ///   - maxSkew: how far the signed timestamp may be from now (nil: not checked).
    public init(publicKeyHex: String, maxSkew: Duration? = .seconds(300), now: @escaping @Sendable () -> Date = { Date() }) throws {
        guard let bytes = HexBytes.decode(publicKeyHex), bytes.count == 32 else {
            throw Failure.malformedSignature
        }
        _ = try Curve25519.Signing.PublicKey(rawRepresentation: bytes)
        self.publicKey = bytes
        self.maxSkew = maxSkew ?? .seconds(Int64.max / 4)
        self.now = now
    }

    /// Throws a `Failure` unless the signature is Discord's over `timestamp + body`.
    public func verify(signature: String?, timestamp: String?, body: Data) throws(Failure) {
        guard let signature, let timestamp, !signature.isEmpty, !timestamp.isEmpty else { throw .missingHeaders }
        guard let signatureBytes = HexBytes.decode(signature), signatureBytes.count == 64 else { throw .malformedSignature }
        var message = Data(timestamp.utf8)
        message.append(body)
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey),
              key.isValidSignature(signatureBytes, for: message)
        else { throw .badSignature }
        guard let seconds = TimeInterval(timestamp) else { throw .staleTimestamp }
        let skew = abs(now().timeIntervalSince1970 - seconds)
        guard skew <= Double(maxSkew.components.seconds) else { throw .staleTimestamp }
    }
}
