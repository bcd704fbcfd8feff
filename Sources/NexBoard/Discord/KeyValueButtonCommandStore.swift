import ChatKit
import ChatDiscord
import Store

/// Keeps Discord button commands too long for a `custom_id` in the Store (namespace `discord`), so
/// that buttons keep working after a restart.
struct KeyValueButtonCommandStore: ButtonCommandStore {
    let store: any KeyValueStore

    func save(_ command: String, key: String) async throws {
        try await store.set(key, command, namespace: "discord")
    }

    func command(forKey key: String) async throws -> String? {
        try await store.get(key, namespace: "discord")
    }
}
