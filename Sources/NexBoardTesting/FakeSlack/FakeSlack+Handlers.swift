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

    /// Closes the connection without an answer: the call's fate is unknown to the bot.
    struct DroppedAnswer: Error {}

    static func webAPI(_ request: Request, method: String, channel connection: any Channel, state: FakeSlackState) async throws -> Response {
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

        var lost: FakeSlack.LostAnswer?
        func answer(_ error: String?, _ fields: [String: Any] = [:], status: Int = 200, headers extra: [(String, String)] = []) async throws -> Response {
            recorded.error = error
            await state.record(recorded)
            switch lost {
            case .serverError?:
                return Response(status: .internalServerError, headers: [.contentType: "text/plain"],
                                body: .init(byteBuffer: ByteBuffer(string: "internal error")))
            case .dropped?:
                try? await connection.close()
                throw DroppedAnswer()
            case nil:
                break
            }
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
            case .rateLimit(let retryAfter): return try await answer("ratelimited", status: 429, headers: [("Retry-After", "\(retryAfter)")])
            case .error(let code): return try await answer(code)
            case .serverError(let status): return try await answer("internal_error", status: status)
            case .loseAnswer(let how): lost = how
            }
        }
        guard let token else { return try await answer("not_authed") }
        if method == "apps.connections.open" {
            guard token == state.appToken else { return try await answer(token == state.botToken ? "not_allowed_token_type" : "invalid_auth") }
            let ticket = await state.newTicket()
            let base = await state.baseURL.replacingOccurrences(of: "http://", with: "ws://")
            return try await answer(nil, ["url": "\(base)/link/?ticket=\(ticket)"])
        }
        if token == state.appToken { return try await answer("not_allowed_token_type") }
        guard token == state.botToken, !(await state.botTokenRevoked) else { return try await answer("invalid_auth") }

        switch method {
        case "auth.test":
            return try await answer(nil, ["url": "https://nexlab.slack.com/", "team": "NexLab", "user": "nexboard", "team_id": "T0FAKETEAM",
                                      "user_id": "U0FAKEBOT", "bot_id": "B0FAKEBOT", "is_enterprise_install": false])
        case "chat.postMessage", "chat.postEphemeral", "chat.update":
            guard let channel = arguments["channel"] as? String, !channel.isEmpty else { return try await answer("channel_not_found") }
            if let refusal = await state.refusedChannels[channel] { return try await answer(refusal) }
            if let problem = FakeSlackValidator.check(arguments) {
                recorded.violations = problem.violations
                return try await answer(problem.error, ["response_metadata": ["messages": problem.violations]])
            }
            switch method {
            case "chat.postMessage":
                let ts = await state.post(channel: channel, request: recorded)
                return try await answer(nil, ["channel": channel, "ts": ts, "message": ["type": "message", "ts": ts, "bot_id": "B0FAKEBOT"]])
            case "chat.postEphemeral":
                guard arguments["user"] as? String != nil else { return try await answer("user_not_in_channel") }
                return try await answer(nil, ["message_ts": await state.newTS()])
            default:
                guard let ts = arguments["ts"] as? String, await state.update(channel: channel, ts: ts, request: recorded) else {
                    return try await answer("message_not_found")
                }
                return try await answer(nil, ["channel": channel, "ts": ts])
            }
        case "conversations.history":
            return try await history(arguments, answer: { try await answer($0, $1) }, state: state)
        case "files.getUploadURLExternal":
            guard let filename = arguments["filename"] as? String, !filename.isEmpty,
                  let length = (arguments["length"] as? Int) ?? (arguments["length"] as? String).flatMap({ Int($0) })
            else { return try await answer("invalid_arguments") }
            guard length > 0 else { return try await answer("missing_argument") }
            let alt = arguments["alt_txt"] as? String
            if let alt, alt.count > 1000 { return try await answer("alt_txt_too_large") }
            let id = await state.newUpload(filename: filename, length: length, altText: alt)
            return try await answer(nil, ["upload_url": "\(await state.baseURL)/upload/\(id)", "file_id": id])
        case "files.completeUploadExternal":
            let listed = (arguments["files"] as? [[String: Any]])
                ?? (arguments["files"] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [[String: Any]] } ?? []
            let files = listed.compactMap { file in (file["id"] as? String).map { (id: $0, title: file["title"] as? String) } }
            guard let channel = arguments["channel_id"] as? String, !channel.isEmpty else { return try await answer("invalid_arguments") }
            if let refusal = await state.refusedChannels[channel] { return try await answer(refusal) }
            if let error = await state.share(files: files, channel: channel, threadTS: arguments["thread_ts"] as? String,
                                             comment: arguments["initial_comment"] as? String) {
                return try await answer(error)
            }
            return try await answer(nil, ["files": files.map { ["id": $0.id, "title": $0.title ?? ""] }])
        default:
            return try await answer("unknown_method")
        }
    }

    /// `conversations.history`: newest first, a page at a time.
    private static func history(_ arguments: [String: Any], answer: (String?, [String: Any]) async throws -> Response,
                                state: FakeSlackState) async throws -> Response {
        func flag(_ name: String) -> Bool { arguments[name] as? Bool ?? ["true", "1"].contains(arguments[name] as? String ?? "") }
        func number(_ name: String) -> Int? { arguments[name] as? Int ?? (arguments[name] as? String).flatMap { Int($0) } }
        guard let channel = arguments["channel"] as? String, !channel.isEmpty else { return try await answer("channel_not_found", [:]) }
        if let refusal = await state.refusedChannels[channel] { return try await answer(refusal, [:]) }
        let all = await state.history(channel: channel, oldest: arguments["oldest"] as? String, latest: arguments["latest"] as? String,
                                      inclusive: flag("inclusive"))
        let limit = min(max(number("limit") ?? 100, 1), 999)
        let start = (arguments["cursor"] as? String).flatMap { Int($0.dropFirst("next:".count)) } ?? 0
        let page = all.dropFirst(start).prefix(limit)
        let messages = page.map { entry -> [String: Any] in
            let made = entry.request.arguments
            var message: [String: Any] = ["type": "message", "ts": entry.ts, "text": made["text"] as? String ?? "", "bot_id": "B0FAKEBOT",
                                          "app_id": "A0FAKEAPP", "user": "U0FAKEBOT"]
            if let blocks = made["blocks"] { message["blocks"] = blocks }
            if let files = made["files"] { message["files"] = files }
            if flag("include_all_metadata"), let metadata = made["metadata"] { message["metadata"] = metadata }
            return message
        }
        let more = start + page.count < all.count
        var fields: [String: Any] = ["messages": messages, "has_more": more]
        if more { fields["response_metadata"] = ["next_cursor": "next:\(start + page.count)"] }
        return try await answer(nil, fields)
    }

    /// An upload URL: exactly the declared bytes, raw or as a multipart form's file part.
    static func upload(_ request: Request, id: String, state: FakeSlackState) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 64 * 1024 * 1024)
        func answer(_ status: HTTPResponse.Status, _ text: String) -> Response {
            Response(status: status, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        if let fault = await state.takeFault(method: "file_upload") {
            switch fault {
            case .rateLimit(let retryAfter):
                var response = answer(.tooManyRequests, "rate limited")
                response.headers[.retryAfter] = "\(retryAfter)"
                return response
            case .error(let text): return answer(.badRequest, text)
            case .serverError(let status): return answer(.init(code: status), "internal error")
            case .loseAnswer: return answer(.internalServerError, "internal error")
            }
        }
        let bytes = Data(buffer.readableBytesView)
        if let problem = await state.receiveUpload(id, bytes: bytes) { return answer(.badRequest, problem) }
        return answer(.ok, "OK - \(bytes.count)")
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
