import ChatKit
import Foundation
import Logging
import NexBoardCore

/// Sends and edits the replies to one Matrix request: rich replies to the command (or in its
/// thread), mentioning only the person who asked; edits of one message at most once per
/// `editInterval` (task progress), a newer edit replacing one that waits.
///
/// Transaction ids come from the request's event id and the reply's number, so a reply sent again
/// after a 429, a 5xx or a reconnect shows once.
final class MatrixResponder: Responder, Sendable {
    private let platform: MatrixPlatform
    private let client: MatrixClient
    private let context: MatrixRequestContext
    private let logger: Logger
    private let pacing = Pacing()

    init(platform: MatrixPlatform, client: MatrixClient, context: MatrixRequestContext, logger: Logger) {
        self.platform = platform
        self.client = client
        self.context = context
        self.logger = logger
    }

    func send(_ message: Message) async throws -> ReplyHandle {
        // A reaction by someone else on a confirmation is not theirs to press: its refusal is audited, not posted.
        if message.visibility == .requester, let requester = context.requester, requester != context.sender {
            logger.info("Not posting a refusal of someone else's reaction", metadata: ["sender": "\(context.sender)"])
            return ReplyHandle("")
        }
        let number = await pacing.nextNumber()
        if message.visibility == .direct { return try await sendDirect(message, number: number) }
        let rendering = platform.renderer.render(message)
        let anchor = context.repliesTo ?? context.event
        let relation: MatrixRelation = switch (platform.configuration.replyStyle, context.threadRoot, context.repliesTo) {
        case let (_, root?, _): .thread(root: root, replyingTo: anchor)
        // A command starts its thread; a message pressed by a reaction may be in a thread already, and a
        // thread cannot start there: it gets a plain reply.
        case (.thread, nil, nil): .thread(root: anchor, replyingTo: anchor)
        case (.reply, nil, _), (.thread, nil, _?): .reply(to: anchor)
        }
        let content = MatrixMessageContent(body: rendering.body, html: rendering.html, relatesTo: relation,
                                           mentions: MatrixMentions(userIDs: [context.sender]))
        let transaction = "nexboard-" + ButtonCommands.hexDigest("reply \(context.event) \(number)", bytes: 16)
        if number == 1, let observe = platform.replyLatency { observe(platform.elapsed() - context.received) }
        let event = try await client.sendRetrying(content, type: "m.room.message", to: context.room, transaction: transaction, logger: logger)
        try await platform.addReactions(rendering.reactions, to: event, in: context.room, requester: context.requester ?? context.sender,
                                        client: client, logger: logger)
        if let image = message.image { await post(image, relation: relation, number: number) }
        return ReplyHandle(event)
    }

    /// Sends `message` to the asker alone, in their direct room, and says so where they asked; the
    /// returned handle is that notice (what went to the direct room is never edited). If no direct
    /// message can be sent, the notice says why and nothing else is shown.
    private func sendDirect(_ message: Message, number: Int) async throws -> ReplyHandle {
        let notice: Message
        do {
            let room = try await platform.directRoom(with: context.sender, client: client, logger: logger)
            let rendering = platform.renderer.render(message)
            let content = MatrixMessageContent(body: rendering.body, html: rendering.html, mentions: MatrixMentions(userIDs: [context.sender]))
            let transaction = "nexboard-" + ButtonCommands.hexDigest("direct \(context.event) \(number)", bytes: 16)
            _ = try await client.sendRetrying(content, type: "m.room.message", to: room, transaction: transaction, logger: logger)
            notice = Message(text: "Sent to you in a direct message.", severity: .info, visibility: .requester)
        } catch {
            logger.warning("Could not send a direct message", metadata: ["error": "\(error)"])
            let reason = (error as? MatrixError)?.permanentReason ?? "the homeserver did not answer"
            notice = .privateError("NexBoard could not send you a direct message (\(reason)), so it sent nothing. Try again later.")
        }
        return try await send(notice)
    }

    /// Uploads `image` and posts it as an `m.image` after the text, in the same place. The text already
    /// carries the graph: a picture that cannot be posted is logged, not an error of the reply.
    private func post(_ image: Message.Image, relation: MatrixRelation, number: Int) async {
        do {
            let url = try await client.upload(image.bytes, contentType: image.mimeType, filename: image.filename, logger: logger)
            let size = PNGEncoder.size(of: image.bytes)
            let content = MatrixImageContent(
                body: image.altText.isEmpty ? image.filename : image.altText, filename: image.filename, url: url,
                info: .init(mimetype: image.mimeType, size: image.bytes.count, w: size?.width, h: size?.height), relatesTo: relation)
            let transaction = "nexboard-" + ButtonCommands.hexDigest("image \(context.event) \(number)", bytes: 16)
            _ = try await client.sendRetrying(content, type: "m.room.message", to: context.room, transaction: transaction, logger: logger)
        } catch {
            logger.warning("Could not post a reply's picture; the text went without it", metadata: ["error": "\(error)"])
        }
    }

    func edit(_ handle: ReplyHandle, _ message: Message) async throws {
        guard !handle.value.isEmpty else { return }
        let ticket = await pacing.claim(handle.value)
        let wait = await pacing.wait(for: handle.value, interval: platform.configuration.editInterval, now: platform.elapsed())
        if wait > .zero { try await platform.sleep(wait) }
        // A newer edit of the same message came while this one waited: it carries the newer state.
        guard await pacing.isLatest(ticket, for: handle.value) else { return }
        await pacing.sent(handle.value, at: platform.elapsed())
        let rendering = platform.renderer.render(message)
        try await platform.sendEdit(of: handle.value, rendering, in: context.room, client: client, logger: logger)
        try await platform.remapReactions(rendering.reactions, of: handle.value, in: context.room,
                                          requester: context.requester ?? context.sender, client: client, logger: logger)
    }

    /// Reply numbers and the edit schedule of this request's messages.
    actor Pacing {
        private var replies = 0
        private var tickets: [String: Int] = [:]
        private var lastEdit: [String: Duration] = [:]

        func nextNumber() -> Int {
            replies += 1
            return replies
        }

        func claim(_ event: String) -> Int {
            let ticket = (tickets[event] ?? 0) + 1
            tickets[event] = ticket
            return ticket
        }

        func isLatest(_ ticket: Int, for event: String) -> Bool { tickets[event] == ticket }

        func wait(for event: String, interval: Duration, now: Duration) -> Duration {
            guard let last = lastEdit[event] else { return .zero }
            return max(.zero, last + interval - now)
        }

        func sent(_ event: String, at time: Duration) { lastEdit[event] = time }
    }
}
