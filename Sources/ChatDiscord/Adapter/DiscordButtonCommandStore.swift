/// Keeps button commands too long for a `custom_id` (see `DiscordRendering.storedCommands`).
/// NexBoard backs it with the Store's KeyValueStore (namespace `discord`); tests use the in-memory one.
public protocol DiscordButtonCommandStore: Sendable {
    func save(_ command: String, key: String) async throws
    func command(forKey key: String) async throws -> String?
}

/// An in-memory `DiscordButtonCommandStore` (tests, and when no store is configured).
public actor InMemoryButtonCommandStore: DiscordButtonCommandStore {
    private var commands: [String: String] = [:]

    public init() {}

    public func save(_ command: String, key: String) {
        commands[key] = command
    }

    public func command(forKey key: String) -> String? {
        commands[key]
    }
}
