import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

@Suite("A request's correlation id", .stopsWhatItStarts)
struct RequestCorrelationTests {
    @Test("every Proxmox call a command makes logs the request's id under request_id, and only that request's")
    func proxmoxCallsCarryTheRequestID() async throws {
        let capture = LogCapture()
        let test = try await TestApplication.make(logger: capture.logger())
        let guests = await test.simulatedGuests()
        let first = try #require(guests.first { $0.status == "stopped" })
        let second = try #require(guests.first { $0.status == "running" })
        let before = capture.entries.count
        async let started = test.send("vm start \(first.vmid)", id: "req-start")
        async let shown = test.send("vm show \(second.vmid)", id: "req-show")
        #expect(await started.outcome == .ok)
        #expect(await shown.outcome == .ok)

        let calls = capture.entries.dropFirst(before).filter { $0.message == "proxmox request" }
        func path(_ entry: LogCapture.Entry) -> String { entry.metadata["proxmox.request"] ?? "" }
        // Only the start follows a task.
        let startCalls = calls.filter { path($0).contains("/\(first.vmid)/") || path($0).contains("/tasks/") }
        let showCalls = calls.filter { path($0).contains("/\(second.vmid)/") }
        #expect(startCalls.contains { path($0).hasSuffix("/status/start") }, "the power action")
        #expect(startCalls.contains { path($0).hasSuffix("/status") && path($0).contains("/tasks/") }, "following its task")
        #expect(showCalls.count >= 2, "the guest's status and config")
        for call in startCalls { #expect(call.metadata[ChatRequest.logMetadataKey] == "req-start", "\(call)") }
        for call in showCalls { #expect(call.metadata[ChatRequest.logMetadataKey] == "req-show", "\(call)") }
        // Each call, whatever it is, belongs to one of the two requests.
        #expect(calls.allSatisfy { ["req-start", "req-show"].contains($0.metadata["request_id"]) }, "\(calls.map(path))")
        #expect(calls.allSatisfy { $0.metadata["proxmox.cluster"] == "homelab" })
        await test.shutdown()
    }
}
