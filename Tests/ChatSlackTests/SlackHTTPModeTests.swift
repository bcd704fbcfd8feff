import ChatKit
import ChatSlack
import Foundation
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

/// HTTP mode: signed requests to the platform's routes (as the HTTP page hands them over), replies
/// through the response URL and the Web API of the fake Slack.
@Suite("Slack in HTTP mode", .stopsWhatItStarts)
struct SlackHTTPModeTests {
    typealias H = SlackHarness

    actor Counter {
        private(set) var lines: [String] = []
        func add(_ line: String) { lines.append(line) }
    }

    @Test("Socket Mode serves no HTTP routes; HTTP mode serves commands, interactivity and events")
    func routes() async throws {
        try await H.run { harness in
            #expect(harness.adapter.httpRoutes.isEmpty)
        }
        try await H.run(configure: H.httpMode) { harness in
            #expect(Set(harness.adapter.httpRoutes.map(\.path)) == ["/slack/commands", "/slack/interactivity", "/slack/events"])
        }
    }

    @Test("A signed fast command is answered in the HTTP response itself")
    func fastCommand() async throws {
        try await H.run(configure: H.httpMode) { harness in
            try await harness.waitUntilUp()
            let body = H.command("vm list", user: H.viewer, trigger: "t1", responseURL: "\(harness.fake.apiURL)/../response/none")
            let answer = try await harness.route("/slack/commands").handle(H.signed(body))
            #expect(answer.status == 200)
            let json = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
            #expect(json["response_type"] as? String == "in_channel")
            #expect(FakeSlack.blockKitViolations(answer.body) == [])
            #expect(String(decoding: answer.body, as: UTF8.self).contains("Guests on homelab"))
        }
    }

    @Test("Forged, stale, future, unsigned and oversized requests are refused and nothing runs")
    func refusedRequests() async throws {
        let counter = Counter()
        let handler = StubRequestHandler(handle: { request, _, _ in
            await counter.add(request.line)
            return .ok
        }, admit: { _ in .accepted(visibility: .channel, slow: false) })
        try await H.run(configure: H.httpMode, handler: handler) { harness in
            try await harness.waitUntilUp()
            let commands = try harness.route("/slack/commands")
            let body = H.command("vm list", user: H.admin, trigger: "t2", responseURL: "http://127.0.0.1:1/none")
            var tampered = H.signed(body)
            tampered.body = H.command("vm stop 100", user: H.admin, trigger: "t2", responseURL: "http://127.0.0.1:1/none")
            #expect(await commands.handle(tampered).status == 401)
            #expect(await commands.handle(H.signed(body, secret: "wrong")).status == 401)
            #expect(await commands.handle(H.signed(body, timestamp: Date().addingTimeInterval(-400))).status == 401)
            #expect(await commands.handle(H.signed(body, timestamp: Date().addingTimeInterval(400))).status == 401)
            #expect(await commands.handle(ChatHTTPRequest(headers: [:], body: body)).status == 401)
            let huge = Data(repeating: UInt8(ascii: "a"), count: SlackPlatform.maximumBodySize + 1)
            #expect(await commands.handle(H.signed(huge)).status == 413)
            try await Task.sleep(for: .milliseconds(200))
            #expect(await counter.lines.isEmpty)
        }
    }

    @Test("A retried delivery of a command already handled runs nothing again")
    func retriedDelivery() async throws {
        let counter = Counter()
        let handler = StubRequestHandler(handle: { request, responder, _ in
            await counter.add(request.line)
            _ = try? await responder.send(Message(title: "ok"))
            return .ok
        }, admit: { _ in .accepted(visibility: .channel, slow: false) })
        try await H.run(configure: H.httpMode, handler: handler) { harness in
            try await harness.waitUntilUp()
            let commands = try harness.route("/slack/commands")
            let body = H.command("vm list", user: H.admin, trigger: "t3", responseURL: "http://127.0.0.1:1/none")
            #expect(await commands.handle(H.signed(body)).status == 200)
            let retried = await commands.handle(H.signed(body, retry: 1))
            #expect(retried.status == 200)
            #expect(retried.body.isEmpty)
            #expect(await counter.lines == ["vm list"])
        }
    }

    @Test("A button press is acknowledged at once and its outcome replaces the message through the response URL")
    func buttonPress() async throws {
        try await H.run(configure: H.httpMode) { harness in
            try await harness.waitUntilUp()
            // A message with a button, posted as an alert would be.
            let handle = try await harness.platform.post(Message(title: "Guests", buttons: [Button("Refresh", command: "vm list")]),
                                                         to: "C0GENERAL", key: nil)
            let sent = try await harness.fake.prepareButtonPress(value: "vm list", user: H.viewer, messageTS: handle.value)
            let answer = try await harness.route("/slack/interactivity").handle(H.signed(H.form([("payload", sent.payload)])))
            #expect(answer.status == 200 && answer.body.isEmpty)
            let responses = try await harness.fake.waitForResponses("the refreshed list", to: sent.sent) { !$0.isEmpty }
            #expect(responses.first?.replacesOriginal == true)
            #expect(responses.first?.shownText.contains("Guests on homelab") == true)
        }
    }

    @Test("The Events API's URL verification is answered with its challenge")
    func urlVerification() async throws {
        try await H.run(configure: H.httpMode) { harness in
            let body = Data(#"{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"#.utf8)
            let answer = try await harness.route("/slack/events").handle(H.signed(body))
            #expect(answer.status == 200)
            #expect(String(decoding: answer.body, as: UTF8.self).contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"))
        }
    }
}
