import ChatDiscord
import Crypto
import Foundation
import Testing

/// Vectors from shared/PEERS.md §8 (PyNaCl, seed 0x11 × 32).
@Suite("Discord request signatures")
struct DiscordSignatureTests {
    static let publicKey = "d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737"
    static let timestamp = "1700000000"
    static let body = Data(#"{"type":1}"#.utf8)
    static let signature = "cf78226aa172863946e2e4e59b95f99aca78d4abc891f0e9cb771fe1572dcebc5ea86cc08c126eba70bfeb4deb7ef4578866632e76dfdc0c74b85683941dbc07"

    let verifier = try! DiscordSignatureVerifier(publicKeyHex: publicKey, now: { Date(timeIntervalSince1970: 1_700_000_010) })

    @Test("The PyNaCl vector verifies")
    func validVector() throws {
        try verifier.verify(signature: Self.signature, timestamp: Self.timestamp, body: Self.body)
    }

    @Test("A tampered body is refused")
    func tamperedBody() {
        #expect(throws: DiscordSignatureVerifier.Failure.badSignature) {
            try verifier.verify(signature: Self.signature, timestamp: Self.timestamp, body: Data(#"{"type":2}"#.utf8))
        }
    }

    @Test("A changed timestamp is refused")
    func changedTimestamp() {
        #expect(throws: DiscordSignatureVerifier.Failure.badSignature) {
            try verifier.verify(signature: Self.signature, timestamp: "1700000001", body: Self.body)
        }
    }

    @Test("A signature made with another key is refused")
    func wrongKey() throws {
        let other = Curve25519.Signing.PrivateKey()
        let signature = try other.signature(for: Data(Self.timestamp.utf8) + Self.body)
        #expect(throws: DiscordSignatureVerifier.Failure.badSignature) {
            try verifier.verify(signature: signature.map { String(format: "%02x", $0) }.joined(), timestamp: Self.timestamp, body: Self.body)
        }
    }

    @Test("Missing headers and malformed signatures are refused")
    func missingAndMalformed() {
        #expect(throws: DiscordSignatureVerifier.Failure.missingHeaders) {
            try verifier.verify(signature: nil, timestamp: Self.timestamp, body: Self.body)
        }
        #expect(throws: DiscordSignatureVerifier.Failure.missingHeaders) {
            try verifier.verify(signature: Self.signature, timestamp: nil, body: Self.body)
        }
        #expect(throws: DiscordSignatureVerifier.Failure.malformedSignature) {
            try verifier.verify(signature: "zz", timestamp: Self.timestamp, body: Self.body)
        }
    }

    @Test("A valid signature on an old timestamp is refused as a replay")
    func replay() throws {
        let later = try DiscordSignatureVerifier(publicKeyHex: Self.publicKey, now: { Date(timeIntervalSince1970: 1_700_000_000 + 3600) })
        #expect(throws: DiscordSignatureVerifier.Failure.staleTimestamp) {
            try later.verify(signature: Self.signature, timestamp: Self.timestamp, body: Self.body)
        }
    }

    @Test("The seed of the vector gives the vector's public key")
    func seedMatches() throws {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Data(repeating: 0x11, count: 32))
        #expect(key.publicKey.rawRepresentation.map { String(format: "%02x", $0) }.joined() == Self.publicKey)
    }
}
