import Testing
@testable import Store

@Suite("Key-value store")
struct KeyValueStoreTests {
    @Test("a value can be set, read, replaced and deleted")
    func setGetReplaceDelete() async throws {
        let values = try NexBoardStore.inMemory().keyValues
        #expect(try await values.get("session", namespace: "discord") == nil)
        try await values.set("session", "one", namespace: "discord")
        #expect(try await values.get("session", namespace: "discord") == "one")
        try await values.set("session", "two", namespace: "discord")
        #expect(try await values.get("session", namespace: "discord") == "two")
        try await values.set("session", nil, namespace: "discord")
        #expect(try await values.get("session", namespace: "discord") == nil)
        try await values.set("session", nil, namespace: "discord")
    }

    @Test("namespaces do not see each other's keys")
    func namespacesAreSeparate() async throws {
        let values = try NexBoardStore.inMemory().keyValues
        try await values.set("cursor", "d", namespace: "discord")
        try await values.set("cursor", "s", namespace: "slack")
        #expect(try await values.get("cursor", namespace: "discord") == "d")
        #expect(try await values.get("cursor", namespace: "slack") == "s")
        try await values.set("cursor", nil, namespace: "slack")
        #expect(try await values.get("cursor", namespace: "discord") == "d")
    }

    @Test("empty strings and unicode are stored as they are")
    func unusualValues() async throws {
        let values = try NexBoardStore.inMemory().keyValues
        try await values.set("empty", "", namespace: "n")
        try await values.set("emoji", "✅ pve1 — ok", namespace: "n")
        #expect(try await values.get("empty", namespace: "n") == "")
        #expect(try await values.get("emoji", namespace: "n") == "✅ pve1 — ok")
    }
}
