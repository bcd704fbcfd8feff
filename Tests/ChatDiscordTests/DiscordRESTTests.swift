import AsyncHTTPClient
import ChatDiscord
import Foundation
import ChatKit
import Logging
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

@Suite("The Discord REST client against the fake Discord", .stopsWhatItStarts)
struct DiscordRESTTests {
    static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    /// Each test has its own client, closed before the fake stops (the fake's graceful shutdown waits
    /// for open connections).
    static func withFake(_ body: (FakeDiscord, DiscordREST, HTTPClient) async throws -> Void) async throws {
        let fake = try await FakeDiscord.start(logger: Self.quiet)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let rest = DiscordREST(httpClient: client, apiBaseURL: fake.apiURL, token: Secret(fake.token),
                               applicationID: fake.applicationID, maxBackoff: .milliseconds(200))
        let result: Result<Void, any Error>
        do {
            try await body(fake, rest, client)
            result = .success(())
        } catch {
            result = .failure(error)
        }
        try await client.shutdown()
        await fake.stop()
        try result.get()
    }

    @Test("A channel message is posted with the bot token and its id comes back")
    func postsChannelMessage() async throws {
        try await Self.withFake { fake, rest, _ in
            let payload = DiscordRenderer().render(Message(title: "pve2 memory 93%", severity: .warning)).payloads[0]
            let reference = try await rest.createMessage(channelID: "42", payload, logger: Self.quiet)
            #expect(!reference.id.isEmpty)
            let request = try #require(await fake.requests().first)
            #expect(request.method == "POST")
            #expect(request.path == "/channels/42/messages")
            #expect(request.authorization == "Bot \(fake.token)")
            #expect(request.violations == [])
            let embeds = request.json?["embeds"] as? [[String: Any]]
            #expect(embeds?.first?["title"] as? String == "pve2 memory 93%")
        }
    }

    @Test("A 429 waits retry_after and sends the same request again")
    func retriesAfterRateLimit() async throws {
        try await Self.withFake { fake, rest, _ in
            await fake.rateLimit(pathContains: "/channels/42", times: 2, retryAfter: 0.05)
            let payload = DiscordMessagePayload(content: "hello")
            let started = ContinuousClock.now
            _ = try await rest.createMessage(channelID: "42", payload, logger: Self.quiet)
            #expect(ContinuousClock.now - started >= .milliseconds(100))
            let statuses = await fake.requests().map(\.status)
            #expect(statuses == [429, 429, 200])
        }
    }

    @Test("A global 429 holds back requests on other routes too")
    func globalRateLimit() async throws {
        try await Self.withFake { fake, rest, _ in
            await fake.rateLimit(pathContains: "/channels/1/", times: 1, retryAfter: 1.5, global: true)
            async let first: DiscordMessageReference = rest.createMessage(channelID: "1", DiscordMessagePayload(content: "a"), logger: Self.quiet)
            let limited = try await fake.waitForRequest("the 429") { $0.status == 429 }
            // The fake records the 429 as it answers; give the client a moment to read it.
            try await Task.sleep(for: .milliseconds(100))
            _ = try await rest.createMessage(channelID: "2", DiscordMessagePayload(content: "b"), logger: Self.quiet)
            // Measured from the 429 itself: waiting for the test's poll to notice it must not count.
            #expect(ContinuousClock.now - limited.receivedAt >= .milliseconds(1400), "the other route waited for the global limit")
            _ = try await first
            #expect(await fake.requests().filter { $0.status == 200 }.count == 2)
        }
    }

    @Test("5xx answers are retried with backoff until they succeed")
    func retriesServerErrors() async throws {
        try await Self.withFake { fake, rest, _ in
            await fake.failWithServerError(pathContains: "/channels/7", times: 3, status: 502)
            _ = try await rest.createMessage(channelID: "7", DiscordMessagePayload(content: "x"), logger: Self.quiet)
            #expect(await fake.requests().map(\.status) == [502, 502, 502, 200])
        }
    }

    @Test("5xx answers stop being retried at the deadline")
    func serverErrorsUntilDeadline() async throws {
        try await Self.withFake { fake, rest, _ in
            await fake.failWithServerError(pathContains: "/channels/7", times: 1000, status: 503)
            do {
                try await rest.send(.createMessage(channelID: "7"), json: Data("{\"content\":\"x\"}".utf8),
                                    deadline: rest.deadline(after: .milliseconds(600)), logger: Self.quiet)
                Issue.record("expected the request to give up")
            } catch let error as DiscordRESTError {
                guard case .gaveUp = error else { Issue.record("unexpected \(error)"); return }
            }
            let statuses = await fake.requests().map(\.status)
            #expect(!statuses.isEmpty && statuses.allSatisfy { $0 == 503 })
        }
    }

    @Test("A 4xx is final and carries Discord's answer")
    func clientErrorIsFinal() async throws {
        try await Self.withFake { fake, _, client in
            let wrong = DiscordREST(httpClient: client, apiBaseURL: fake.apiURL, token: Secret("wrong"), applicationID: "100")
            do {
                _ = try await wrong.createMessage(channelID: "1", DiscordMessagePayload(content: "x"), logger: Self.quiet)
                Issue.record("expected a rejection")
            } catch let error as DiscordRESTError {
                guard case .rejected(_, let status, _) = error else { Issue.record("unexpected \(error)"); return }
                #expect(status == 401)
            }
            #expect(await fake.requests().count == 1)
        }
    }

    @Test("A payload over the limits is refused before it is sent")
    func invalidPayloadNotSent() async throws {
        try await Self.withFake { fake, rest, _ in
            let payload = DiscordMessagePayload(embeds: [DiscordEmbed(description: String(repeating: "x", count: 5000))])
            await #expect(throws: DiscordRESTError.self) {
                try await rest.createMessage(channelID: "1", payload, logger: Self.quiet)
            }
            #expect(await fake.requests().isEmpty)
        }
    }

    @Test("Endpoint descriptions never show the interaction token")
    func redactedDescriptions() {
        let endpoint = DiscordEndpoint.editOriginalResponse(applicationID: "100", token: Secret("secret-token"))
        #expect(endpoint.description == "PATCH /webhooks/100/<token>/messages/@original")
        #expect(!endpoint.routeKey.contains("secret-token"))
        #expect(endpoint.path.contains("secret-token"))
    }

    @Test("The catalog registers per guild as one command per group, and the fake accepts the list")
    func registersCatalog() async throws {
        let catalog = try CommandCatalog.load(directory: RepositoryPaths.commands)
        try await Self.withFake { fake, rest, _ in
            try await rest.bulkOverwriteCommands(from: catalog, guildID: "555", logger: Self.quiet)
            let request = try #require(await fake.requests().first)
            #expect(request.method == "PUT")
            #expect(request.path == "/applications/100/guilds/555/commands")
            #expect(request.authorization == "Bot \(fake.token)")
            #expect(request.violations == [])
            #expect(request.status == 200)
            let commands = try #require(request.jsonValue as? [[String: Any]])
            let vm = try #require(commands.first { $0["name"] as? String == "vm" })
            let stop = try #require((vm["options"] as? [[String: Any]])?.first { $0["name"] as? String == "stop" })
            #expect(stop["type"] as? Int == 1)
        }
    }
}

@Suite("The interaction responder after the token's window", .stopsWhatItStarts)
struct DiscordResponderWindowTests {
    @Test("Past the token window, public replies are edited and posted in the channel; private ones still use the webhook")
    func channelFallback() async throws {
        try await DiscordRESTTests.withFake { fake, rest, _ in
            await fake.expectHTTPInteraction(id: "1", token: "tok")
            let responder = DiscordInteractionResponder(rest: rest, token: Secret("tok"), mode: .componentUpdate(messageID: "m1"),
                                                        channelID: "42", tokenWindow: .zero,
                                                        commandStore: InMemoryButtonCommandStore(), logger: DiscordRESTTests.quiet)
            try await responder.edit(ReplyHandle("m1"), Message(title: "backup done", severity: .success))
            let posted = try await responder.send(Message(text: "log follows"))
            _ = try await responder.send(.privateError("only you"))
            let requests = await fake.requests()
            #expect(requests.map { "\($0.method) \($0.path)" } == [
                "PATCH /channels/42/messages/m1", "POST /channels/42/messages", "POST /webhooks/100/tok",
            ])
            #expect(requests.allSatisfy { $0.status == 200 })
            #expect(requests.last?.flags == 64)
            #expect(!posted.value.isEmpty)
        }
    }
}
