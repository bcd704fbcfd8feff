import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

extension FakeSlack {
    /// Serves one Socket Mode connection: a writer sends what the state queued for it, in order;
    /// the reader takes the bot's acks.
    static func socket(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: any Channel,
                       state: FakeSlackState, logger: Logger) async {
        let (outputs, continuation) = AsyncStream.makeStream(of: FakeSlackState.Output.self)
        let number = await state.connected(outputs: continuation, channel: channel)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await output in outputs {
                    switch output {
                    case .text(let text, let envelopeID):
                        if let envelopeID { await state.noteWritten(envelopeID) }
                        try? await outbound.write(.text(text))
                    case .close:
                        try? await outbound.close(.normalClosure, reason: nil)
                        return
                    case .drop:
                        try? await channel.close()
                        return
                    }
                }
            }
            do {
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message,
                          let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                          let envelopeID = object["envelope_id"] as? String
                    else {
                        logger.debug("Fake Slack read something that is not an ack")
                        continue
                    }
                    let payload = (object["payload"]).flatMap { try? JSONSerialization.data(withJSONObject: $0) }
                    await state.acknowledge(envelopeID, payload: payload, connection: number)
                }
            } catch {
                logger.debug("Fake Slack connection ended", metadata: ["error": "\(error)"])
            }
            continuation.finish()
            group.cancelAll()
        }
        await state.disconnected(number)
    }

    static func webAPI(_ request: Request, method: String, state: FakeSlackState) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 8 * 1024 * 1024)
        let body = Data(buffer.readableBytesView)
        let isForm = request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? (body.first != UInt8(ascii: "{"))
        var token: String?
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            token = String(authorization.dropFirst("Bearer ".count))
        }
        var recorded = FakeSlackRequest(method: method, token: token, body: body, isForm: isForm, error: nil, violations: [])
        let arguments = recorded.arguments
        if token == nil, let given = arguments["token"] as? String { token = given; recorded.token = given }

        func answer(_ error: String?, _ fields: [String: Any] = [:], status: Int = 200, headers extra: [(String, String)] = []) async -> Response {
            recorded.error = error
            await state.record(recorded)
            var object = fields
            object["ok"] = error == nil
            if let error { object["error"] = error }
            let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
            return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }

        if let fault = await state.takeFault(method: method) {
            switch fault {
            case .rateLimit(let retryAfter): return await answer("ratelimited", status: 429, headers: [("Retry-After", "\(retryAfter)")])
            case .error(let code): return await answer(code)
            case .serverError(let status): return await answer("internal_error", status: status)
            }
        }
        guard let token else { return await answer("not_authed") }
        if method == "apps.connections.open" {
            guard token == state.appToken else { return await answer(token == state.botToken ? "not_allowed_token_type" : "invalid_auth") }
            let ticket = await state.newTicket()
            let base = await state.baseURL.replacingOccurrences(of: "http://", with: "ws://")
            return await answer(nil, ["url": "\(base)/link/?ticket=\(ticket)"])
        }
        if token == state.appToken { return await answer("not_allowed_token_type") }
        guard token == state.botToken, !(await state.botTokenRevoked) else { return await answer("invalid_auth") }

        switch method {
        case "auth.test":
            return await answer(nil, ["url": "https://nexlab.slack.com/", "team": "NexLab", "user": "nexboard", "team_id": "T0FAKETEAM",
                                      "user_id": "U0FAKEBOT", "bot_id": "B0FAKEBOT", "is_enterprise_install": false])
        case "chat.postMessage", "chat.postEphemeral", "chat.update":
            guard let channel = arguments["channel"] as? String, !channel.isEmpty else { return await answer("channel_not_found") }
            if let refusal = await state.refusedChannels[channel] { return await answer(refusal) }
            if let problem = FakeSlackValidator.check(arguments) {
                recorded.violations = problem.violations
                return await answer(problem.error, ["response_metadata": ["messages": problem.violations]])
            }
            switch method {
            case "chat.postMessage":
                let ts = await state.post(channel: channel, request: recorded)
                return await answer(nil, ["channel": channel, "ts": ts, "message": ["type": "message", "ts": ts, "bot_id": "B0FAKEBOT"]])
            case "chat.postEphemeral":
                guard arguments["user"] as? String != nil else { return await answer("user_not_in_channel") }
                return await answer(nil, ["message_ts": await state.newTS()])
            default:
                guard let ts = arguments["ts"] as? String, await state.update(channel: channel, ts: ts, request: recorded) else {
                    return await answer("message_not_found")
                }
                return await answer(nil, ["channel": channel, "ts": ts])
            }
        default:
            return await answer("unknown_method")
        }
    }

    static func responseURL(_ request: Request, id: String, state: FakeSlackState) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 1024 * 1024)
        var recorded = FakeSlackRequest(method: "response_url", token: nil, body: Data(buffer.readableBytesView), isForm: false,
                                        error: nil, violations: [])
        func answer(_ status: Int, _ error: String?) -> Response {
            let text = error.map { #"{"ok":false,"error":"\#($0)"}"# } ?? #"{"ok":true}"#
            return Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        if let problem = FakeSlackValidator.check(recorded.arguments) {
            recorded.error = problem.error
            recorded.violations = problem.violations
            await state.record(recorded)
            return answer(400, problem.error)
        }
        if let refusal = await state.useResponseURL(id, request: recorded) {
            recorded.error = refusal
            await state.record(recorded)
            return answer(404, refusal)
        }
        await state.record(recorded)
        return answer(200, nil)
    }
}
