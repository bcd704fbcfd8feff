import ChatKit
import ChatMatrix
import Foundation
import Store

/// Keeps button commands too long for a platform's button id in the Store (one namespace per
/// platform), so that buttons keep working after a restart.
struct KeyValueButtonCommandStore: ButtonCommandStore {
    let store: any KeyValueStore
    /// The platform's id.
    let namespace: String

    func save(_ command: String, key: String) async throws {
        try await store.set(key, command, namespace: namespace)
    }

    func command(forKey key: String) async throws -> String? {
        try await store.get(key, namespace: namespace)
    }
}

/// Inbound events handled, recorded in the Store so that a repeat after a restart is recognised.
struct StoreHandledEventLog: HandledEventLog {
    let events: any HandledEvents

    func record(_ key: String, until expires: Date, now: Date) async throws -> Bool {
        try await events.record(key, until: expires, now: now)
    }
}

/// The Matrix platform's state (its sync position, its device id) in the Store.
struct KeyValueMatrixStateStore: MatrixStateStore {
    let store: any KeyValueStore

    func value(forKey key: String) async throws -> String? {
        try await store.get(key, namespace: "matrix.state")
    }

    func setValue(_ value: String?, forKey key: String) async throws {
        try await store.set(key, value, namespace: "matrix.state")
    }
}
