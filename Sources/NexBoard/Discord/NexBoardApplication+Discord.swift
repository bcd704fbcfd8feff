import AsyncHTTPClient
import ChatDiscord
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
            guildIDs: config.guildIDs, channelIDs: config.channelIDs, allowDMs: config.allowDMs)
        let autocomplete = DiscordAutocomplete(catalog: catalog, clusters: clusters)
        return DiscordAdapter(
            configuration: configuration, httpClient: .shared,
            commandStore: KeyValueButtonCommandStore(store: store.keyValues),
            autocomplete: { command, option, typed in await autocomplete.choices(command: command, option: option, typed: typed) },
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
            handler: { request, responder, buttonMessage in
                await dispatcher.handle(request, responder: responder, buttonMessage: buttonMessage)
            })
    }
}
