import ChatKit
import Crypto
import Foundation

/// A secret that opens a console link or carries a console session: 256 bits from the system's
/// secure generator, written as 64 hex digits (nothing a chat's markdown could read as formatting).
/// NexBoard keeps only its SHA-256 digest.
struct ConsoleToken: Sendable {
    /// What the link or the cookie carries.
    let text: String

    static func generate() -> ConsoleToken {
        ConsoleToken(text: randomHex(bytes: 32))
    }

    private static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return HexBytes.encode((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The key a token is stored under. Looking a hash up leaks nothing useful about the token
    /// through timing: an attacker cannot choose the bytes of the hash of what they send.
    static func digest(of text: String) -> String {
        HexBytes.encode(SHA256.hash(data: Data(text.utf8)))
    }

    var digest: String { Self.digest(of: text) }

    /// An identifier for a console's path (`/console/<id>/…`): 128 random bits as hex. Not a secret
    /// (the session cookie is), but not guessable either.
    static func consoleID() -> String {
        randomHex(bytes: 16)
    }
}
