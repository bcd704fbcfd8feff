import AsyncHTTPClient
import ChatDiscord
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NexBoardCore
import Store
import WebPage

extension NexBoardApplication {
    /// The Discord adapter for `config`: the dispatcher behind it, long button commands in the Store,
    /// autocomplete from the first cluster, health reported as `chat:discord`.
    static func makeDiscordAdapter(_ config: DiscordConfig, catalog: CommandCatalog, clusters: ClusterRegistry,
                                   store: NexBoardStore, health: HealthRegistry, dispatcher: Dispatcher,
                                   logger: Logger) -> DiscordAdapter {
        let configuration = DiscordAdapterConfiguration(
            token: config.token, applicationID: config.applicationID, gatewayURL: config.gatewayURL, apiURL: config.apiURL,
            guildIDs: config.guildIDs, channelIDs: config.channelIDs, allowDMs: config.allowDMs,
            publicKey: config.publicKey)
        return DiscordAdapter(
            configuration: configuration,
            commandStore: KeyValueButtonCommandStore(store: store.keyValues),
            autocomplete: { query in await dispatcher.suggestions(query) },
            registerAtStart: config.registerCommands == .atStart ? catalog : nil,
            logger: logger,
            health: { state in
                switch state {
                case .up: await health.report("chat:discord", .ok)
                case .reconnecting(let attempt): await health.report("chat:discord", attempt > 2 ? .degraded : .starting,
                                                                     detail: "reconnecting")
                case .down(let reason): await health.report("chat:discord", .down, detail: reason)
                }
            },
            admit: { request in await dispatcher.admit(request) },
            handler: { request, responder, buttonMessage in
                await dispatcher.handle(request, responder: responder, buttonMessage: buttonMessage)
            })
    }

    /// The path of the HTTP interactions endpoint on the HTTP page (set it as "Interactions Endpoint URL").
    public static let discordInteractionsPath = "/discord/interactions"

    /// Mounts `POST /discord/interactions` on the HTTP page.
    static func mountDiscordInteractions(_ router: Router<WebPageRequestContext>, adapter: DiscordAdapter) {
        router.post(RouterPath(stringLiteral: discordInteractionsPath)) { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let answer = await adapter.handleHTTPInteraction(
                body: Data(buffer.readableBytesView),
                signature: request.headers[HTTPField.Name("X-Signature-Ed25519")!],
                timestamp: request.headers[HTTPField.Name("X-Signature-Timestamp")!])
            return Response(status: .init(code: answer.status), headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
    }
}
