import Foundation
import NexBoardCore
import Testing
import WebPage

@Suite("Who reads the details of /healthz")
struct HealthPrivacyTests {
    private struct Body: Decodable {
        var status: String
        var components: [ComponentHealth]
    }

    private static let token = "health-token-0123456789"

    private func registry() async -> HealthRegistry {
        let registry = HealthRegistry()
        await registry.report("cluster:home", .ok, detail: "Proxmox VE 8.2.4")
        await registry.report("alerting:delivery", .degraded, detail: "retrying discord:123456789012345678: HTTP 500")
        await registry.report("store", .down, detail: "the database is full")
        return registry
    }

    private func body(_ page: FetchedPage) throws -> Body {
        try JSONDecoder().decode(Body.self, from: Data(page.body.utf8))
    }

    /// Fetches `/healthz` with `headers` and says whether the details came back; checks that the
    /// states and the status code are the same either way.
    private func readsDetails(_ headers: [(String, String)], token: String? = token) async throws -> Bool {
        var details = false
        try await withRunningServer(health: await registry(), healthToken: token.map(Secret.init)) { port in
            let page = try await fetch("/healthz", port: port, headers: headers)
            #expect(page.status == 503)
            let body = try body(page)
            #expect(body.status == "down")
            #expect(body.components.map(\.name) == ["alerting:delivery", "cluster:home", "store"])
            #expect(body.components.map(\.state) == [.degraded, .ok, .down])
            let withDetails = body.components.filter { $0.detail != nil }
            #expect(withDetails.isEmpty || withDetails.count == 3)
            details = !withDetails.isEmpty
            if !details {
                #expect(!page.body.contains("8.2.4") && !page.body.contains("123456789012345678") && !page.body.contains("full"))
                #expect(page.body.contains(#""detail":null"#), "the shape stays the same")
            }
        }
        return details
    }

    @Test("a caller on this machine reads the details")
    func loopback() async throws {
        #expect(try await readsDetails([]))
        #expect(try await readsDetails([], token: nil))
    }

    @Test("a request forwarded by a reverse proxy is a stranger's: states only", arguments: [
        ("X-Forwarded-For", "203.0.113.7"), ("Forwarded", "for=203.0.113.7;proto=https"), ("X-Real-IP", "203.0.113.7"),
    ])
    func forwarded(header: String, value: String) async throws {
        #expect(try await !readsDetails([(header, value)]))
    }

    @Test("the right bearer token shows the details to a stranger; a wrong, partial or missing one does not")
    func bearerToken() async throws {
        let forwarded = ("X-Forwarded-For", "203.0.113.7")
        #expect(try await readsDetails([forwarded, ("Authorization", "Bearer \(Self.token)")]))
        #expect(try await readsDetails([forwarded, ("Authorization", "bearer \(Self.token)")]))
        #expect(try await !readsDetails([forwarded, ("Authorization", "Bearer wrong-token")]))
        #expect(try await !readsDetails([forwarded, ("Authorization", "Bearer \(Self.token.dropLast())")]))
        #expect(try await !readsDetails([forwarded, ("Authorization", "Bearer \(Self.token)x")]))
        #expect(try await !readsDetails([forwarded, ("Authorization", Self.token)]))
        #expect(try await !readsDetails([forwarded]))
    }

    @Test("without a configured token no token opens the details")
    func noTokenConfigured() async throws {
        #expect(try await !readsDetails([("X-Forwarded-For", "203.0.113.7"), ("Authorization", "Bearer ")], token: nil))
        #expect(try await !readsDetails([("X-Forwarded-For", "203.0.113.7"), ("Authorization", "Bearer anything")], token: nil))
    }
}
