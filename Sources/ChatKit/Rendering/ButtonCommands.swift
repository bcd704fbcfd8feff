import Crypto
import Foundation

/// Button commands too long for a platform's button id (Discord's `custom_id` holds 100
/// characters) are replaced by a short, stable key and stored, so the button works after a restart.
public enum ButtonCommands {
    /// The prefix of a button id that is a stored-command key rather than a command line.
    public static let keyPrefix = "k:"

    /// The key of a command: stable, so rendering twice gives the same key.
    public static func key(for command: String) -> String {
        keyPrefix + hexDigest(command, bytes: 16)
    }

    /// The first `bytes` bytes of the text's SHA-256 in lower-case hex: a short, stable name for a
    /// longer text (stored-command keys, message nonces).
    public static func hexDigest(_ text: String, bytes: Int) -> String {
        HexBytes.encode(SHA256.hash(data: Data(text.utf8)).prefix(bytes))
    }
}

/// Keeps button commands stored under keys. NexBoard backs it with its SQLite store (one namespace
/// per platform); tests use `InMemoryButtonCommandStore`.
public protocol ButtonCommandStore: Sendable {
    func save(_ command: String, key: String) async throws
    func command(forKey key: String) async throws -> String?
}

/// A `ButtonCommandStore` in memory (tests, and when no store is configured).
public actor InMemoryButtonCommandStore: ButtonCommandStore {
    private var commands: [String: String] = [:]

    public init() {}

    public func save(_ command: String, key: String) {
        commands[key] = command
    }

    public func command(forKey key: String) -> String? {
        commands[key]
    }
}
