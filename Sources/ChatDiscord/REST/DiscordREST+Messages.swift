import Foundation
import Logging
import NexBoardCore

/// Conveniences over `send`: interaction replies, follow-ups and channel messages.
extension DiscordREST {
    /// Answers an interaction (deferral, message, update, autocomplete). Must happen within 3 s of
    /// the interaction, so it is retried for at most `within`.
    public func respond(toInteraction id: String, token: Secret, with response: DiscordInteractionResponse,
                        within: Duration = .seconds(3), logger: Logger) async throws {
        let endpoint = DiscordEndpoint.interactionCallback(interactionID: id, token: token)
        if let message = response.message, response.kind == .channelMessage || response.kind == .updateMessage {
            try Self.validate(message, endpoint)
        }
        let body = try Self.body(json: try Self.encoder.encode(response), files: response.message?.files ?? [])
        try await send(endpoint, body: body, deadline: deadline(after: within), logger: logger)
    }

    /// Replaces the interaction's original reply (the deferred "thinking…" or the pressed button's message).
    @discardableResult
    public func editOriginalResponse(token: Secret, _ payload: DiscordMessagePayload, logger: Logger) async throws -> DiscordMessageReference {
        let endpoint = DiscordEndpoint.editOriginalResponse(applicationID: applicationID, token: token)
        return try await sendMessage(endpoint, payload.replacingAll(), logger: logger)
    }

    /// Sends a further message for the interaction (ephemeral when the payload has flag 64).
    @discardableResult
    public func createFollowup(token: Secret, _ payload: DiscordMessagePayload, logger: Logger) async throws -> DiscordMessageReference {
        try await sendMessage(.createFollowup(applicationID: applicationID, token: token), payload, logger: logger)
    }

    /// Edits a follow-up message of the interaction.
    public func editFollowup(token: Secret, messageID: String, _ payload: DiscordMessagePayload, logger: Logger) async throws {
        _ = try await sendMessage(.editFollowup(applicationID: applicationID, token: token, messageID: messageID), payload.replacingAll(), logger: logger)
    }

    /// Posts a message in a channel (alerts, events).
    @discardableResult
    public func createMessage(channelID: String, _ payload: DiscordMessagePayload, logger: Logger) async throws -> DiscordMessageReference {
        try await sendMessage(.createMessage(channelID: channelID), payload, logger: logger)
    }

    /// Edits a message the bot posted in a channel.
    public func editMessage(channelID: String, messageID: String, _ payload: DiscordMessagePayload, logger: Logger) async throws {
        _ = try await sendMessage(.editMessage(channelID: channelID, messageID: messageID), payload.replacingAll(), logger: logger)
    }

    /// Makes the application's command list (global when `guildID` is nil) equal to the catalog's,
    /// as `DiscordApplicationCommand.commands(from:)` writes it: one command per group with sub-commands.
    public func bulkOverwriteCommands(from catalog: CommandCatalog, guildID: String?, logger: Logger) async throws {
        let endpoint: DiscordEndpoint = guildID.map { .bulkOverwriteGuildCommands(applicationID: applicationID, guildID: $0) }
            ?? .bulkOverwriteGlobalCommands(applicationID: applicationID)
        try await send(endpoint, json: try DiscordApplicationCommand.json(from: catalog), logger: logger)
    }

    private func sendMessage(_ endpoint: DiscordEndpoint, _ payload: DiscordMessagePayload, logger: Logger) async throws -> DiscordMessageReference {
        try Self.validate(payload, endpoint)
        let body = try Self.body(json: try Self.encoder.encode(payload), files: payload.files)
        let data = try await send(endpoint, body: body, logger: logger)
        do {
            return try JSONDecoder().decode(DiscordMessageReference.self, from: data)
        } catch {
            throw DiscordRESTError.invalidResponse(endpoint: endpoint.description, detail: "no message id in the answer")
        }
    }

    /// JSON alone, or multipart/form-data with `payload_json` and the files.
    static func body(json: Data, files: [DiscordFile]) throws -> DiscordRequestBody {
        files.isEmpty ? .json(json) : try .multipart(json: json, files: files)
    }

    static func validate(_ payload: DiscordMessagePayload, _ endpoint: DiscordEndpoint) throws {
        let problems = DiscordLimits.violations(of: payload)
        if !problems.isEmpty { throw DiscordRESTError.invalidPayload(endpoint: endpoint.description, problems: problems) }
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension DiscordMessagePayload {
    /// For edits: absent embeds, components, content and attachments are sent empty, so that the old
    /// ones go (an edit that leaves `components` out keeps the pressed buttons, and one that leaves
    /// `attachments` out keeps an old output file).
    func replacingAll() -> DiscordMessagePayload {
        var copy = self
        copy.attachments = attachments ?? []
        copy.embeds = embeds ?? []
        copy.components = components ?? []
        copy.content = content ?? ""
        return copy
    }
}
