import Foundation
import Logging
import NexBoardCore
import NexBoardTesting
import Synchronization
import Testing

@testable import Proxmox

private let tokenSecret = "11111111-2222-3333-4444-555555555555"
private let statusCurrent = #"{"data":{"vmid":100,"name":"web","status":"running","cpus":2}}"#
private let upidText = "UPID:pve1:00000005:00000005:65A1B2C3:qmstart:100:root@pam:"

private func testLogger() -> Logger {
    var logger = Logger(label: "test.proxmox")
    logger.logLevel = .critical
    return logger
}

private func tokenConnection(_ baseURL: String, timeout: Duration = .seconds(5)) -> ProxmoxConnection {
    ProxmoxConnection(
        name: "home", baseURL: baseURL, auth: .token(id: "root@pam!nexboard", secret: Secret(tokenSecret)), timeout: timeout)
}

@Suite("Transport and authentication against a local responder")
struct TransportTests {
    @Test("token auth sends the PVEAPIToken header and no cookie")
    func tokenHeader() async throws {
        let server = try await LocalResponder.start { _ in .json(#"{"data":{"version":"9.1-1","release":"9.1","repoid":"abc"}}"#) }
        try await withClient(tokenConnection(server.baseURL)) { client in
        let version = try await client.version()
        #expect(version.version == "9.1-1")
        let request = try #require(server.requests.first)
        #expect(request.uri == "/api2/json/version")
        #expect(request.header("Authorization") == "PVEAPIToken=root@pam!nexboard=\(tokenSecret)")
        #expect(request.header("Cookie") == nil)
        }
        try await server.stop()
    }

    @Test("an answer sent in chunks without a Content-Length is read whole, the same as one with it", arguments: [nil, 1000])
    func chunkedAnswer(chunks: Int?) async throws {
        let fixture = try Fixtures.data("cluster-resources.json")
        let server = try await LocalResponder.start { _ in CannedResponse(body: String(decoding: fixture, as: UTF8.self), chunks: chunks) }
        try await withClient(tokenConnection(server.baseURL)) { client in
            let read = try await client.clusterResources()
            #expect(read == (try ClusterResource.list(fromAnswer: fixture)))
            #expect(read.count > 5)
        }
        try await server.stop()
    }

    @Test("writes are form-encoded and queries URL-encoded")
    func formBodies() async throws {
        let server = try await LocalResponder.start { request in
            request.method == "POST" ? .json("{\"data\":\"\(upidText)\"}") : .json(#"{"data":[]}"#)
        }
        try await withClient(tokenConnection(server.baseURL)) { client in
        try await client.setGuestTags(node: "pve1", kind: .qemu, vmid: 100, tags: ["web", "prod"])
        let upid = try await client.powerAction(.start, node: "pve1", kind: .qemu, vmid: 100)
        #expect(upid.raw == upidText)
        _ = try await client.storageContent(node: "pve1", storage: "local", content: "backup")
        let requests = server.requests
        #expect(requests[0].method == "PUT")
        #expect(requests[0].uri == "/api2/json/nodes/pve1/qemu/100/config")
        #expect(requests[0].header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(requests[0].body == "tags=web%3Bprod")
        #expect(requests[1].method == "POST")
        #expect(requests[1].uri == "/api2/json/nodes/pve1/qemu/100/status/start")
        #expect(requests[2].uri == "/api2/json/nodes/pve1/storage/local/content?content=backup")
        }
        try await server.stop()
    }

    @Test("password auth logs in once, sends the cookie, and adds CSRF only to writes")
    func ticketLogin() async throws {
        let logins = Mutex(0)
        let server = try await LocalResponder.start { request in
            if request.uri.hasSuffix("/access/ticket") {
                let n = logins.withLock { $0 += 1; return $0 }
                return CannedResponse(
                    body: #"{"data":{"ticket":"PVE:root@pam:T\#(n)","CSRFPreventionToken":"CSRF\#(n)","username":"root@pam"}}"#,
                    delay: .milliseconds(100))
            }
            if request.method == "POST" { return .json("{\"data\":\"\(upidText)\"}") }
            return .json(statusCurrent)
        }
        let time = ManualDate()
        let connection = ProxmoxConnection(
            name: "home", baseURL: server.baseURL, auth: .password(username: "root@pam", password: Secret("demo")))
        try await withClient(connection, now: { time.now }) { client in

        // Concurrent first requests share a single login.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<5 {
                group.addTask { _ = try await client.guestStatus(node: "pve1", kind: .qemu, vmid: 100) }
            }
            try await group.waitForAll()
        }
        #expect(logins.withLock { $0 } == 1)
        let login = try #require(server.requests.first { $0.uri.hasSuffix("/access/ticket") })
        #expect(login.method == "POST")
        #expect(login.body == "username=root%40pam&password=demo")
        #expect(login.header("Content-Type") == "application/x-www-form-urlencoded")

        _ = try await client.powerAction(.start, node: "pve1", kind: .qemu, vmid: 100)
        let get = try #require(server.requests.first { $0.method == "GET" })
        #expect(get.header("Cookie") == "PVEAuthCookie=PVE:root@pam:T1")
        #expect(get.header("CSRFPreventionToken") == nil)
        #expect(get.header("Authorization") == nil)
        let post = try #require(server.requests.last)
        #expect(post.method == "POST")
        #expect(post.header("CSRFPreventionToken") == "CSRF1")

        // After 1 h 46 min the ticket is renewed before use.
        time.advance(by: 106 * 60)
        _ = try await client.guestStatus(node: "pve1", kind: .qemu, vmid: 100)
        #expect(logins.withLock { $0 } == 2)
        #expect(server.requests.last?.header("Cookie") == "PVEAuthCookie=PVE:root@pam:T2")
        // Within its lifetime it is reused.
        time.advance(by: 60 * 60)
        _ = try await client.guestStatus(node: "pve1", kind: .qemu, vmid: 100)
        #expect(logins.withLock { $0 } == 2)
        }
        try await server.stop()
    }

    @Test("a refused ticket triggers exactly one new login")
    func reloginOn401() async throws {
        let logins = Mutex(0)
        let server = try await LocalResponder.start { request in
            if request.uri.hasSuffix("/access/ticket") {
                let n = logins.withLock { $0 += 1; return $0 }
                return .json(#"{"data":{"ticket":"T\#(n)","CSRFPreventionToken":"C\#(n)"}}"#)
            }
            if request.header("Cookie") == "PVEAuthCookie=T1" {
                return CannedResponse(status: 401, reason: "No ticket", body: #"{"data":null,"message":"No ticket\n"}"#)
            }
            return .json(statusCurrent)
        }
        try await withClient(
            ProxmoxConnection(
                name: "home", baseURL: server.baseURL, auth: .password(username: "root@pam", password: Secret("demo")))
        ) { client in
        let status = try await client.guestStatus(node: "pve1", kind: .qemu, vmid: 100)
        #expect(status.name == "web")
        #expect(logins.withLock { $0 } == 2)
        }
        try await server.stop()
    }

    @Test("a wrong password is unauthorized, and the password never appears in the error")
    func wrongPassword() async throws {
        let server = try await LocalResponder.start { request in
            CannedResponse(status: 401, reason: "authentication failure", body: #"{"data":null,"message":"authentication failure\n"}"#)
        }
        try await withClient(
            ProxmoxConnection(
                name: "home", baseURL: server.baseURL, auth: .password(username: "root@pam", password: Secret("hunter2")))
        ) { client in
        let error = await #expect(throws: ProxmoxError.self) { try await client.nodes() }
        #expect(error == .unauthorized(cluster: "home"))
        #expect(!"\(String(describing: error))".contains("hunter2"))
        #expect(server.requests.count == 1)
        }
        try await server.stop()
    }

    @Test("401, 403 and 500 map to their errors with PVE's message")
    func statusMapping() async throws {
        let server = try await LocalResponder.start { request in
            switch true {
            case request.uri.contains("/version"):
                CannedResponse(status: 401, reason: "invalid token value!", body: #"{"data":null,"message":"invalid token value!\n"}"#)
            case request.uri.contains("/status/start"):
                CannedResponse(
                    status: 403, reason: "Permission check failed (/vms/101, VM.PowerMgmt)",
                    body: #"{"data":null,"message":"Permission check failed (/vms/101, VM.PowerMgmt)\n"}"#)
            case request.uri.contains("/status/current"):
                CannedResponse(status: 500, reason: "VM 101 not running", body: #"{"data":null,"message":"VM 101 not running\n"}"#)
            case request.uri.contains("/config"):
                CannedResponse(
                    status: 500, reason: "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist",
                    body: #"{"data":null,"message":"Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist\n"}"#)
            case request.uri.contains("/nodes/pve2"):
                CannedResponse(status: 595, reason: "No route to host", body: "")
            default:
                CannedResponse(status: 200, body: "not json at all")
            }
        }
        try await withClient(tokenConnection(server.baseURL)) { client in
        await #expect(throws: ProxmoxError.unauthorized(cluster: "home")) { try await client.version() }
        await #expect(throws: ProxmoxError.forbidden(permission: "VM.PowerMgmt on /vms/101")) {
            try await client.powerAction(.start, node: "pve1", kind: .qemu, vmid: 101)
        }
        await #expect(throws: ProxmoxError.server(status: 500, message: "VM 101 not running")) {
            try await client.guestStatus(node: "pve1", kind: .qemu, vmid: 101)
        }
        await #expect(throws: ProxmoxError.notFound) { try await client.guestConfig(node: "pve1", kind: .qemu, vmid: 999) }
        await #expect(throws: ProxmoxError.unreachable(cluster: "home")) { try await client.nodeStatus(node: "pve2") }
        let invalid = await #expect(throws: ProxmoxError.self) { try await client.nodes() }
        if case .invalidResponse = invalid {} else { Issue.record("expected invalidResponse, got \(String(describing: invalid))") }
        let invalidResources = await #expect(throws: ProxmoxError.self) { try await client.clusterResources() }
        if case .invalidResponse(let detail) = invalidResources {
            #expect(detail.contains("invalid JSON at byte 0"))
        } else {
            Issue.record("expected invalidResponse, got \(String(describing: invalidResources))")
        }
        }
        try await server.stop()
    }

    @Test("a closed port is unreachable at once, without waiting for the deadline")
    func closedPort() async throws {
        // Port 9 (discard) on loopback: nothing listens there. A port freed by a stopped server could be
        // taken by another test's server in the meantime. The deadline is on a clock nobody moves, so
        // only a refusal can end the call (AsyncHTTPClient's own 60 s backstop would be a timeout).
        try await withClient(tokenConnection("http://127.0.0.1:9", timeout: .seconds(60)), clock: AnyClock(ManualClock())) { client in
        await #expect(throws: ProxmoxError.unreachable(cluster: "home")) { try await client.version() }
        }
    }

    @Test("a slow server times out when the client's clock passes the deadline, not before")
    func slowServer() async throws {
        let server = try await LocalResponder.start { _ in CannedResponse(delay: .seconds(60)) }
        let clock = ManualClock()
        try await withClient(tokenConnection(server.baseURL, timeout: .seconds(10)), clock: AnyClock(clock)) { client in
        let call = Task { try await client.version() }
        try await clock.waitForSleepers()
        clock.advance(by: .milliseconds(9_999))
        #expect(clock.sleepers == 1, "the deadline is still ahead")
        clock.advance(by: .milliseconds(1))
        await #expect(throws: ProxmoxError.timeout(cluster: "home", after: .seconds(10))) { try await call.value }
        }
        try await server.stop()
    }

    @Test("cancelling the caller cancels the request instead of reporting a timeout")
    func cancellation() async throws {
        let server = try await LocalResponder.start { _ in CannedResponse(delay: .seconds(60)) }
        let clock = ManualClock()
        try await withClient(tokenConnection(server.baseURL, timeout: .seconds(120)), clock: AnyClock(clock)) { client in
            let task = Task { try await client.version() }
            try await clock.waitForSleepers()  // the request is in flight
            task.cancel()
            // Cancelled, neither answered (the server waits 60 s) nor timed out (the clock stands still).
            switch await task.result {
            case .success: Issue.record("a cancelled request should not succeed")
            case .failure(let error as ProxmoxError): Issue.record("expected cancellation, got \(error)")
            case .failure: break
            }
        }
        try await server.stop()
    }

    @Test("waitForTask polls on the client's clock, reports each poll and returns the final status")
    func waitForTask() async throws {
        let polls = Mutex(0)
        let server = try await LocalResponder.start { _ in
            let n = polls.withLock { $0 += 1; return $0 }
            if n < 3 { return .json(#"{"data":{"status":"running","upid":"\#(upidText)"}}"#) }
            return .json(#"{"data":{"status":"stopped","exitstatus":"WARNINGS: 1","upid":"\#(upidText)","endtime":1700000100}}"#)
        }
        let clock = ManualClock()
        try await withClient(tokenConnection(server.baseURL), clock: AnyClock(clock)) { client in
        let upid = try #require(UPID(upidText))
        let seen = Mutex<[TaskState]>([])
        let following = Task {
            try await client.waitForTask(upid, pollInterval: .seconds(2)) { status in seen.withLock { $0.append(status.status) } }
        }
        for poll in 1...2 {
            // The request's deadline (5 s) sleeps on the clock too; the wait between polls is the 2 s one.
            try await clock.waitForSleepers(dueIn: .seconds(2))
            #expect(seen.withLock { $0.count } == poll, "one poll per interval")
            clock.advance(by: .seconds(2))
        }
        let final = try await following.value
        #expect(final.status == .stopped)
        #expect(final.succeeded == true)
        #expect(seen.withLock { $0 } == [.running, .running, .stopped])
        #expect(server.requests[0].uri == "/api2/json/nodes/pve1/tasks/\(upidText)/status")
        }
        try await server.stop()
    }

    @Test("waitForTask gives up when its next poll would come after its timeout")
    func waitForTaskTimeout() async throws {
        let server = try await LocalResponder.start { _ in
            .json(#"{"data":{"status":"running","upid":"\#(upidText)"}}"#)
        }
        let clock = ManualClock()
        try await withClient(tokenConnection(server.baseURL), clock: AnyClock(clock)) { client in
        let upid = try #require(UPID(upidText))
        let following = Task { try await client.waitForTask(upid, pollInterval: .seconds(2), timeout: .seconds(5)) }
        for _ in 1...2 {
            try await clock.waitForSleepers(dueIn: .seconds(2))
            clock.advance(by: .seconds(2))
        }
        // The third poll at 4 s: the next would be at 6 s, past the 5 s limit.
        await #expect(throws: ProxmoxError.timeout(cluster: "home", after: .seconds(5))) { try await following.value }
        #expect(server.requests.count == 3)
        }
        try await server.stop()
    }

    @Test("an invalid base URL is rejected at creation")
    func invalidBaseURL() {
        #expect(throws: ProxmoxError.self) { try ProxmoxClient(connection: tokenConnection("not a url"), logger: testLogger()) }
    }
}
