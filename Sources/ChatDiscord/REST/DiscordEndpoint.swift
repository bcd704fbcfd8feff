import NexBoardCore

/// The Discord REST endpoints NexBoard calls (API v10).
///
/// Each knows its method, path, whether it changes anything, the route key its rate-limit bucket is
/// tracked under, and a log-safe description: interaction and webhook tokens never appear in logs.
public enum DiscordEndpoint: Sendable, Hashable {
    /// `POST /interactions/{id}/{token}/callback`.
    case interactionCallback(interactionID: String, token: Secret)
    /// `PATCH /webhooks/{application}/{token}/messages/@original`.
    case editOriginalResponse(applicationID: String, token: Secret)
    /// `DELETE /webhooks/{application}/{token}/messages/@original`.
    case deleteOriginalResponse(applicationID: String, token: Secret)
    /// `POST /webhooks/{application}/{token}?wait=true` (returns the message).
    case createFollowup(applicationID: String, token: Secret)
    /// `PATCH /webhooks/{application}/{token}/messages/{message}`.
    case editFollowup(applicationID: String, token: Secret, messageID: String)
    /// `POST /channels/{channel}/messages`.
    case createMessage(channelID: String)
    /// `PATCH /channels/{channel}/messages/{message}`.
    case editMessage(channelID: String, messageID: String)
    /// `PUT /applications/{application}/commands`.
    case bulkOverwriteGlobalCommands(applicationID: String)
    /// `PUT /applications/{application}/guilds/{guild}/commands`.
    case bulkOverwriteGuildCommands(applicationID: String, guildID: String)

    public var method: String {
        switch self {
        case .interactionCallback, .createFollowup, .createMessage: "POST"
        case .editOriginalResponse, .editFollowup, .editMessage: "PATCH"
        case .deleteOriginalResponse: "DELETE"
        case .bulkOverwriteGlobalCommands, .bulkOverwriteGuildCommands: "PUT"
        }
    }

    /// Every endpoint here changes something on Discord.
    public var isMutating: Bool { true }

    /// Whether the endpoint uses an interaction token (valid for 15 minutes) instead of the bot token.
    public var usesInteractionToken: Bool {
        switch self {
        case .interactionCallback, .editOriginalResponse, .deleteOriginalResponse, .createFollowup, .editFollowup: true
        default: false
        }
    }

    /// The path under `/api/v10`, with the real tokens.
    public var path: String { path(redacted: false) }

    /// Method and path with tokens replaced by `<token>`, for logs.
    public var description: String { "\(method) \(path(redacted: true))" }

    /// The key under which the rate-limit bucket of this route is remembered: the method, the path
    /// with its minor parameters replaced, and the top-level resource (channel, webhook, interaction).
    public var routeKey: String {
        switch self {
        case .interactionCallback(let id, _): "POST /interactions/\(id)/callback"
        case .editOriginalResponse(let app, let token): "PATCH /webhooks/\(app)/\(Self.tokenKey(token))/messages/@original"
        case .deleteOriginalResponse(let app, let token): "DELETE /webhooks/\(app)/\(Self.tokenKey(token))/messages/@original"
        case .createFollowup(let app, let token): "POST /webhooks/\(app)/\(Self.tokenKey(token))"
        case .editFollowup(let app, let token, _): "PATCH /webhooks/\(app)/\(Self.tokenKey(token))/messages/:id"
        case .createMessage(let channel): "POST /channels/\(channel)/messages"
        case .editMessage(let channel, _): "PATCH /channels/\(channel)/messages/:id"
        case .bulkOverwriteGlobalCommands(let app): "PUT /applications/\(app)/commands"
        case .bulkOverwriteGuildCommands(let app, let guild): "PUT /applications/\(app)/guilds/\(guild)/commands"
        }
    }

    private func path(redacted: Bool) -> String {
        func token(_ secret: Secret) -> String { redacted ? "<token>" : secret.value }
        switch self {
        case .interactionCallback(let id, let secret): return "/interactions/\(id)/\(token(secret))/callback"
        case .editOriginalResponse(let app, let secret), .deleteOriginalResponse(let app, let secret):
            return "/webhooks/\(app)/\(token(secret))/messages/@original"
        case .createFollowup(let app, let secret): return "/webhooks/\(app)/\(token(secret))?wait=true"
        case .editFollowup(let app, let secret, let message): return "/webhooks/\(app)/\(token(secret))/messages/\(message)"
        case .createMessage(let channel): return "/channels/\(channel)/messages"
        case .editMessage(let channel, let message): return "/channels/\(channel)/messages/\(message)"
        case .bulkOverwriteGlobalCommands(let app): return "/applications/\(app)/commands"
        case .bulkOverwriteGuildCommands(let app, let guild): return "/applications/\(app)/guilds/\(guild)/commands"
        }
    }

    /// A short, non-reversible stand-in for a token in route keys (buckets are per webhook token).
    private static func tokenKey(_ token: Secret) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in token.value.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
