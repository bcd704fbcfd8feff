import Foundation
import Testing
import WebPage

@Suite("GET /healthz")
struct HealthEndpointTests {
    private struct Body: Decodable {
        var status: String
        var components: [ComponentHealth]
    }

    private func health(_ reports: [(String, ComponentState, String?)]) async -> HealthRegistry {
        let registry = HealthRegistry()
        for (name, state, detail) in reports {
            await registry.report(name, state, detail: detail)
        }
        return registry
    }

    @Test("with no components it answers 200 ok")
    func noComponents() async throws {
        try await withRunningServer { port in
            let page = try await fetch("/healthz", port: port)
            #expect(page.status == 200)
            #expect(page.contentType?.hasPrefix("application/json") == true)
            #expect(page.body == #"{"components":[],"status":"ok"}"#)
        }
    }

    @Test("when every component is ok it answers 200 ok and lists them by name")
    func allOK() async throws {
        let registry = await health([("store", .ok, nil), ("cluster:home", .ok, "3 nodes")])
        try await withRunningServer(health: registry) { port in
            let page = try await fetch("/healthz", port: port)
            #expect(page.status == 200)
            let body = try JSONDecoder().decode(Body.self, from: Data(page.body.utf8))
            #expect(body.status == "ok")
            #expect(body.components == [
                ComponentHealth(name: "cluster:home", state: .ok, detail: "3 nodes"),
                ComponentHealth(name: "store", state: .ok),
            ])
            #expect(page.body.contains(#""detail":null"#))
        }
    }

    @Test("a degraded or starting component answers 200 degraded")
    func degraded() async throws {
        for state in [ComponentState.degraded, .starting] {
            let registry = await health([("store", .ok, nil), ("chat:discord", state, "reconnecting")])
            try await withRunningServer(health: registry) { port in
                let page = try await fetch("/healthz", port: port)
                #expect(page.status == 200)
                let body = try JSONDecoder().decode(Body.self, from: Data(page.body.utf8))
                #expect(body.status == "degraded")
            }
        }
    }

    @Test("a down component answers 503 down, even next to a degraded one")
    func down() async throws {
        let registry = await health([
            ("store", .ok, nil), ("chat:slack", .degraded, nil), ("cluster:home", .down, "connection refused"),
        ])
        try await withRunningServer(health: registry) { port in
            let page = try await fetch("/healthz", port: port)
            #expect(page.status == 503)
            let body = try JSONDecoder().decode(Body.self, from: Data(page.body.utf8))
            #expect(body.status == "down")
            #expect(body.components.map(\.name) == ["chat:slack", "cluster:home", "store"])
            #expect(body.components[1].detail == "connection refused")
        }
    }

    @Test("a later report replaces the earlier one and the page follows it")
    func followsReports() async throws {
        let registry = HealthRegistry()
        try await withRunningServer(health: registry) { port in
            await registry.report("cluster:home", .down)
            let whileDown = try await fetch("/healthz", port: port)
            #expect(whileDown.status == 503)
            await registry.report("cluster:home", .ok)
            let afterRecovery = try await fetch("/healthz", port: port)
            #expect(afterRecovery.status == 200)
        }
    }
}

@Suite("Health report")
struct HealthReportTests {
    @Test("the overall status is the worst of the components, starting counting as degraded")
    func overallStatus() {
        #expect(HealthReport(components: []).status == .ok)
        #expect(HealthReport(components: [.init(name: "a", state: .ok)]).status == .ok)
        #expect(HealthReport(components: [.init(name: "a", state: .starting)]).status == .degraded)
        #expect(HealthReport(components: [.init(name: "a", state: .degraded), .init(name: "b", state: .ok)]).status == .degraded)
        let down = HealthReport(components: [.init(name: "a", state: .degraded), .init(name: "b", state: .down)])
        #expect(down.status == .down)
        #expect(down.httpStatusCode == 503)
        #expect(HealthReport(components: [.init(name: "a", state: .degraded)]).httpStatusCode == 200)
    }
}
