import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

extension FakeDiscord {
    /// Serves one gateway connection: a writer sends what the state queued for it, in order; the
    /// reader hands what the bot sends to the state. A silenced connection reads nothing more and
    /// keeps its socket open until the bot drops it.
    static func gateway(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: any Channel,
                        state: FakeDiscordState, logger: Logger) async {
        let (outputs, continuation) = AsyncStream.makeStream(of: FakeGateway.Output.self)
        let number = await state.connected(outputs: continuation, channel: channel)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await write(outputs, to: outbound, channel: channel, state: state) }
            do {
                try await gatewayLoop(number: number, inbound: inbound, state: state)
            } catch {
                logger.debug("Fake gateway connection ended", metadata: ["error": "\(error)"])
            }
            if await state.isSilent(number) {
                // Hummingbird keeps half-closed sockets open: without this the bot's FIN would not close the channel.
                try? await channel.setOption(ChannelOptions.allowRemoteHalfClosure, value: false).get()
                try? await channel.closeFuture.get()
            }
            group.cancelAll()
        }
        await state.disconnected(number)
    }

    private static func write(_ outputs: AsyncStream<FakeGateway.Output>, to outbound: WebSocketOutboundWriter,
                              channel: any Channel, state: FakeDiscordState) async {
        for await output in outputs {
            switch output {
            case .text(let text, let interactionID):
                try? await outbound.write(.text(text))
                if let interactionID { await state.noteDispatched(interactionID) }
            case .close(let code, let reason):
                try? await outbound.close(.init(codeNumber: code), reason: reason)
                return
            case .drop:
                try? await channel.close()
                return
            }
        }
    }

    private static func gatewayLoop(number: Int, inbound: WebSocketInboundStream, state: FakeDiscordState) async throws {
        for try await message in inbound.messages(maxSize: 1 << 20) {
            // Silent: what the bot sends is lost (reading on would answer its close frame).
            if await state.isSilent(number) { return }
            guard case .text(let text) = message,
                  let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                  let op = object["op"] as? Int
            else {
                await state.closeGateway(number, code: 4002, reason: "Error while decoding payload.")
                continue
            }
            let data = object["d"] as? [String: Any]
            switch op {
            case 1:
                await state.heartbeat(connection: number, sequence: object["d"] as? Int)
            case 2:
                await state.identify(connection: number, token: data?["token"] as? String ?? "")
            case 6:
                await state.resume(connection: number, token: data?["token"] as? String ?? "",
                                   sessionID: data?["session_id"] as? String ?? "", sequence: data?["seq"] as? Int)
            default:
                await state.closeGateway(number, code: 4001, reason: "Unknown opcode.")
            }
        }
    }

    static func rest(_ request: Request, state: FakeDiscordState) async throws -> Response {
        var path = request.uri.path
        if path.hasPrefix("/api/v10") { path.removeFirst("/api/v10".count) }
        let method = request.method.rawValue
        let buffer = try await request.body.collect(upTo: 32 * 1024 * 1024)
        var body = Data(buffer.readableBytesView)
        let authorization = request.headers[.authorization]
        let contentType = request.headers[.contentType]
        // multipart/form-data (uploads): `body` becomes the payload_json part, the files are kept beside it.
        let boundary = contentType.flatMap(FakeDiscordMultipart.boundary(contentType:))
        var multipartProblems: [String] = []
        var files: [FakeDiscordFile] = []
        if let boundary {
            do {
                let parts = try FakeDiscordMultipart.parse(body, boundary: boundary)
                body = parts.first { $0.name == "payload_json" }?.data ?? Data()
                for part in parts where part.name != "payload_json" {
                    guard part.name.hasPrefix("files["), part.name.hasSuffix("]"),
                          let index = Int(part.name.dropFirst("files[".count).dropLast()), let filename = part.filename
                    else {
                        multipartProblems.append("unexpected part `\(part.name)`")
                        continue
                    }
                    files.append(FakeDiscordFile(index: index, filename: filename, contentType: part.contentType, data: part.data))
                }
            } catch {
                multipartProblems.append("malformed multipart body: \(error)")
            }
        }
        var recorded = FakeDiscordRequest(method: method, path: path, authorization: authorization, body: body, status: 200, violations: [])
        recorded.contentType = contentType
        recorded.files = files
        let bucket = "bucket-" + String(path.split(separator: "/").prefix(2).joined(separator: "-"))

        func answer(_ status: Int, _ json: String, extra: [(String, String)] = []) async -> Response {
            recorded.status = status
            await state.record(recorded)
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[HTTPField.Name("X-RateLimit-Bucket")!] = bucket
            headers[HTTPField.Name("X-RateLimit-Limit")!] = "5"
            headers[HTTPField.Name("X-RateLimit-Remaining")!] = "4"
            headers[HTTPField.Name("X-RateLimit-Reset-After")!] = "1"
            for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
            return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
        }

        if let fault = await state.takeFault(path: path) {
            switch fault {
            case .rateLimit(let retryAfter, let global):
                var extra = [("Retry-After", String(Int(retryAfter.rounded(.up)))), ("X-RateLimit-Scope", global ? "global" : "user")]
                if global { extra.append(("X-RateLimit-Global", "true")) }
                extra.append(("X-RateLimit-Remaining", "0"))
                extra.append(("X-RateLimit-Reset-After", String(retryAfter)))
                return await answer(429, "{\"message\":\"You are being rate limited.\",\"retry_after\":\(retryAfter),\"global\":\(global)}", extra: extra)
            case .serverError(let status):
                return await answer(status, "{\"message\":\"Internal Server Error\",\"code\":0}")
            }
        }

        let parts = path.split(separator: "/").map(String.init)
        let usesInteractionToken = parts.first == "interactions" || parts.first == "webhooks"
        if !usesInteractionToken && authorization != "Bot \(state.token)" {
            return await answer(401, "{\"message\":\"401: Unauthorized\",\"code\":0}")
        }
        let json = (try? JSONSerialization.jsonObject(with: body)) ?? nil
        if boundary != nil {
            if files.reduce(0, { $0 + $1.data.count }) > 10 * 1024 * 1024 {
                recorded.violations = ["files over 10 MiB in one request"]
                return await answer(413, "{\"message\":\"Request entity too large\",\"code\":40005}")
            }
            let object = json as? [String: Any]
            let message = path.hasSuffix("/callback") ? object?["data"] as? [String: Any] : object
            multipartProblems += FakeDiscordMultipart.attachmentViolations(message: message, files: files)
            if object == nil { multipartProblems.append("payload_json is missing or not a JSON object") }
            if !multipartProblems.isEmpty {
                recorded.violations = multipartProblems
                return await answer(400, Self.invalidFormBody)
            }
        }

        // Interaction callback: POST /interactions/{id}/{token}/callback
        if parts.count == 4, parts[0] == "interactions", parts[3] == "callback", method == "POST" {
            if let object = json as? [String: Any], let data = object["data"] as? [String: Any],
               [4, 7].contains(object["type"] as? Int ?? 0) {
                recorded.violations = FakeDiscordValidator.violations(message: data)
                if !recorded.violations.isEmpty { return await answer(400, Self.invalidFormBody) }
            }
            switch await state.acceptCallback(interactionID: parts[1], token: parts[2]) {
            case 0: return await answer(204, "")
            case 40060: return await answer(400, "{\"message\":\"Interaction has already been acknowledged.\",\"code\":40060}")
            default: return await answer(404, "{\"message\":\"Unknown interaction\",\"code\":10062}")
            }
        }
        // Webhook (interaction token) messages.
        if parts.count >= 3, parts[0] == "webhooks" {
            guard await state.knowsInteractionToken(parts[2]) else {
                return await answer(404, "{\"message\":\"Unknown Webhook\",\"code\":10015}")
            }
            if method == "DELETE" { return await answer(204, "") }
            let (status, text, violations) = await messageAnswer(json, channel: "0", state: state)
            recorded.violations = violations
            return await answer(status, text)
        }
        // Channel messages.
        if parts.count >= 3, parts[0] == "channels", parts[2] == "messages" {
            let (status, text, violations) = await messageAnswer(json, channel: parts[1], state: state)
            recorded.violations = violations
            return await answer(status, text)
        }
        // Command bulk overwrite.
        if parts.first == "applications", parts.last == "commands", method == "PUT" {
            guard let commands = json as? [[String: Any]] else { return await answer(400, Self.invalidFormBody) }
            recorded.violations = FakeDiscordValidator.violations(commands: commands)
            if !recorded.violations.isEmpty { return await answer(400, Self.invalidFormBody) }
            return await answer(200, String(decoding: body, as: UTF8.self))
        }
        return await answer(404, "{\"message\":\"404: Not Found\",\"code\":0}")
    }

    private static func messageAnswer(_ json: Any?, channel: String, state: FakeDiscordState) async -> (Int, String, [String]) {
        guard let object = json as? [String: Any] else { return (400, invalidFormBody, ["body is not a JSON object"]) }
        let violations = FakeDiscordValidator.violations(message: object)
        if !violations.isEmpty { return (400, invalidFormBody, violations) }
        let nonce = object["enforce_nonce"] as? Bool == true ? object["nonce"] as? String : nil
        let id = await state.createMessage(channel: channel, nonce: nonce)
        return (200, "{\"id\":\"\(id)\",\"channel_id\":\"\(channel)\",\"type\":0}", [])
    }

    static let invalidFormBody = "{\"message\":\"Invalid Form Body\",\"code\":50035,\"errors\":{}}"
}
