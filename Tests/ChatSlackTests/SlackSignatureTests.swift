import ChatSlack
import Foundation
import NexBoardCore
import NexBoardTesting
import Testing

/// Slack's request signing (shared/reference/slack/slack-request-signing-test-vector.json).
@Suite("Slack request signatures")
struct SlackSignatureTests {
    static let secret = "8f742231b10e8888abcd99yyyzzz85a5"
    static let timestamp = "1531420618"
    static let body = Data("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c".utf8)
    static let expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"

    private func verifier(secret: String = Self.secret, at seconds: TimeInterval = 1531420618 + 10) -> SlackSignatureVerifier {
        SlackSignatureVerifier(signingSecret: Secret(secret), now: { Date(timeIntervalSince1970: seconds) })
    }

    private func failure(_ verifier: SlackSignatureVerifier, signature: String?, timestamp: String?, body: Data) -> SlackSignatureVerifier.Failure? {
        do {
            try verifier.verify(signature: signature, timestamp: timestamp, body: body)
            return nil
        } catch {
            return error
        }
    }

    @Test("The documented test vector is accepted, and computed the same")
    func testVector() {
        #expect(SlackSignatureVerifier.signature(secret: Self.secret, timestamp: Self.timestamp, body: Self.body) == Self.expected)
        #expect(failure(verifier(), signature: Self.expected, timestamp: Self.timestamp, body: Self.body) == nil)
    }

    @Test("A tampered body is refused")
    func tamperedBody() {
        var body = Self.body
        body[body.count - 1] ^= 1
        #expect(failure(verifier(), signature: Self.expected, timestamp: Self.timestamp, body: body) == .badSignature)
    }

    @Test("The wrong secret is refused")
    func wrongSecret() {
        #expect(failure(verifier(secret: "another-secret"), signature: Self.expected, timestamp: Self.timestamp, body: Self.body) == .badSignature)
    }

    @Test("A changed timestamp breaks the signature")
    func changedTimestamp() {
        #expect(failure(verifier(), signature: Self.expected, timestamp: "1531420619", body: Self.body) == .badSignature)
    }

    @Test("A timestamp more than 5 minutes old, or ahead, is refused even when signed right")
    func staleAndFuture() {
        #expect(failure(verifier(at: 1531420618 + 301), signature: Self.expected, timestamp: Self.timestamp, body: Self.body) == .staleTimestamp)
        #expect(failure(verifier(at: 1531420618 - 301), signature: Self.expected, timestamp: Self.timestamp, body: Self.body) == .staleTimestamp)
        #expect(failure(verifier(at: 1531420618 + 299), signature: Self.expected, timestamp: Self.timestamp, body: Self.body) == nil)
    }

    @Test("Missing headers and malformed signatures are refused")
    func missingAndMalformed() {
        #expect(failure(verifier(), signature: nil, timestamp: Self.timestamp, body: Self.body) == .missingHeaders)
        #expect(failure(verifier(), signature: Self.expected, timestamp: nil, body: Self.body) == .missingHeaders)
        #expect(failure(verifier(), signature: "", timestamp: "", body: Self.body) == .missingHeaders)
        #expect(failure(verifier(), signature: "v1=" + Self.expected.dropFirst(3), timestamp: Self.timestamp, body: Self.body) == .malformedSignature)
        #expect(failure(verifier(), signature: "v0=zz", timestamp: Self.timestamp, body: Self.body) == .malformedSignature)
        #expect(failure(verifier(), signature: String(Self.expected.dropLast(2)), timestamp: Self.timestamp, body: Self.body) == .malformedSignature)
    }
}
