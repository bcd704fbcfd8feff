/// Small persistent state for adapters, namespaced per owner (e.g. `discord`, `alerting`).
public protocol KeyValueStore: Sendable {
    /// The value stored under `key` in `namespace`, or `nil`.
    func get(_ key: String, namespace: String) async throws -> String?
    /// Stores `value` under `key` in `namespace`, replacing any previous value; `nil` deletes it.
    func set(_ key: String, _ value: String?, namespace: String) async throws
}
