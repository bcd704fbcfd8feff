@testable import ChatMatrix
import AsyncHTTPClient
import Foundation
import NexBoardCore
import NexBoardTesting
import TestScopes
import Testing

@Suite("The Matrix client-server API client", .stopsWhatItStarts)
struct MatrixClientTests {
    @Test("A 429 M_LIMIT_EXCEEDED reads its retry_after_ms; a missing one waits a second")
    func rateLimit() {
        let body = Data(#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2500}"#.utf8)
        #expect(MatrixClient.error(status: 429, data: body, endpoint: .sync) == .rateLimited(endpoint: "sync", retryAfter: .milliseconds(2_500)))
        #expect(MatrixClient.error(status: 429, data: Data(), endpoint: .sync) == .rateLimited(endpoint: "sync", retryAfter: .seconds(1)))
    }

    @Test("An unknown token is a rejected credential; a server error is transient; a 403 on a room is permanent for alerts")
    func errorKinds() {
        let unknown = MatrixClient.error(status: 401, data: Data(#"{"errcode":"M_UNKNOWN_TOKEN","error":"Invalid"}"#.utf8), endpoint: .whoami)
        #expect(unknown.isRejectedCredential)
        let busy = MatrixClient.error(status: 502, data: Data("<html>".utf8), endpoint: .sync)
        #expect(busy.isTransient && busy.permanentReason == nil)
        let forbidden = MatrixClient.error(status: 403, data: Data(#"{"errcode":"M_FORBIDDEN","error":"not in room"}"#.utf8),
                                           endpoint: .send(room: "!r", type: "m.room.message", transaction: "t"))
        #expect(forbidden.permanentReason != nil)
    }

    @Test("Paths percent-encode room ids and transaction ids; descriptions name no transaction")
    func paths() {
        let endpoint = MatrixEndpoint.send(room: "!abc:example.org", type: "m.room.message", transaction: "t/1")
        #expect(endpoint.path == "/rooms/%21abc%3Aexample.org/send/m.room.message/t%2F1")
        #expect(endpoint.description == "send m.room.message to !abc:example.org")
    }

    @Test("Against Synapse: password login keeps the device, whoami, send, edit, react, join and leave, sync with a filter",
          .enabled(if: try SynapseServer.required()))
    func againstSynapse() async throws {
        try await SynapseServer.with { synapse in
            let alice = try await synapse.register("alice")
            let bot = try await synapse.register("bot", password: "botpass")
            let logger = MatrixHarness.quiet
            let anonymous = MatrixClient(httpClient: .shared, homeserver: synapse.baseURL)
            let login = try await anonymous.login(user: "bot", password: Secret("botpass"), deviceID: "NEXDEV", logger: logger)
            #expect(login.deviceID == "NEXDEV")
            let again = try await anonymous.login(user: "bot", password: Secret("botpass"), deviceID: "NEXDEV", logger: logger)
            #expect(again.deviceID == "NEXDEV")
            let client = anonymous.authenticated(Secret(login.accessToken))
            #expect(try await client.whoami(logger: logger).userID == bot.userID)
            await #expect(throws: MatrixError.self) {
                _ = try await anonymous.login(user: "bot", password: Secret("wrong"), deviceID: nil, logger: logger)
            }

            let people = MatrixClient(httpClient: .shared, homeserver: synapse.baseURL, accessToken: Secret(alice.accessToken))
            let room = try await people.createRoom(MatrixCreateRoom(invite: [bot.userID]), logger: logger)
            let first = try await client.sync(since: nil, timeout: .zero, filter: MatrixPlatform.filter, logger: logger)
            #expect(first.invites[room] != nil)
            try await client.join(room, logger: logger)
            let sent = try await client.sendRetrying(MatrixMessageContent(body: "hello", html: "<p>hello</p>"), type: "m.room.message",
                                                     to: room, transaction: "txn-1", logger: logger)
            let repeated = try await client.sendRetrying(MatrixMessageContent(body: "hello", html: "<p>hello</p>"), type: "m.room.message",
                                                         to: room, transaction: "txn-1", logger: logger)
            #expect(repeated == sent, "the same transaction id is the same event")
            _ = try await client.send(MatrixMessageContent.edit(of: sent, body: "edited", html: "<p>edited</p>"), type: "m.room.message",
                                      to: room, transaction: "txn-2", logger: logger)
            _ = try await client.send(MatrixReactionContent(event: sent, key: "✅"), type: "m.reaction", to: room, transaction: "txn-3",
                                      logger: logger)
            let next = try await people.sync(since: nil, timeout: .zero, filter: MatrixPlatform.filter, logger: logger)
            let events = next.timelines[room] ?? []
            #expect(events.contains { $0.type == "m.reaction" && $0.content["m.relates_to"]?["key"]?.string == "✅" })
            #expect(events.contains { $0.content["m.new_content"]?["body"]?.string == "edited" })
            #expect(events.filter { $0.content["body"]?.string == "hello" }.count == 1)
            try await client.leave(room, reason: "bye", logger: logger)
            let after = try await client.sync(since: first.nextBatch, timeout: .zero, filter: MatrixPlatform.filter, logger: logger)
            #expect(after.left.contains(room))

            let revoked = MatrixClient(httpClient: .shared, homeserver: synapse.baseURL, accessToken: Secret("syt_revoked"))
            do {
                _ = try await revoked.whoami(logger: logger)
                Issue.record("an unknown token was accepted")
            } catch let error as MatrixError {
                #expect(error.isRejectedCredential)
            }
        }
    }
}
