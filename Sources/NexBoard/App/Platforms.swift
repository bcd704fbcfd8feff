import ChatConsole
import ChatDiscord
import ChatKit
import ChatMatrix
import ChatSlack
import Foundation
import Logging
import NexBoardCore
import Store

/// The chat platforms this NexBoard is built with. The one place that lists them: how their
/// identities read in bindings (whether or not a platform is configured, so that a configuration
/// can bind Slack users before Slack is set up).
public enum Platforms {
    public static let subjectForms = SubjectForms(
        ConsoleIdentity.forms + DiscordIdentity.forms + SlackIdentity.forms + MatrixIdentity.forms)

    /// The chat platforms the configuration sets up, each answering through `handler`. (The console
    /// joins them in the demo.)
    static func configured(_ config: NexBoardConfig, catalog: CommandCatalog, store: NexBoardStore, handler: any ChatRequestHandling,
                           clock: AnyClock, logger: Logger) -> [any ChatPlatform] {
        var platforms: [any ChatPlatform] = []
        if let discord = config.discord {
            let configuration = DiscordAdapterConfiguration(
                token: discord.token, applicationID: discord.applicationID, gatewayURL: discord.gatewayURL, apiURL: discord.apiURL,
                guildIDs: discord.guildIDs, channelIDs: discord.channelIDs, allowDMs: discord.allowDMs, publicKey: discord.publicKey)
            platforms.append(DiscordPlatform(
                configuration: configuration, commandStore: KeyValueButtonCommandStore(store: store.keyValues, namespace: "discord"),
                registerAtStart: discord.registerCommands == .atStart ? catalog : nil, clock: clock, logger: logger, handler: handler))
        }
        return platforms
    }

    /// What `nexboard commands export` prints.
    public enum ExportFormat: String, CaseIterable, Sendable {
        case discord, slack, markdown
    }

    /// The catalog for a platform: Discord application commands (JSON for the bulk overwrite), the
    /// Slack app manifest (YAML), or the Markdown reference.
    public static func export(_ catalog: CommandCatalog, as format: ExportFormat) throws -> String {
        switch format {
        case .discord: String(decoding: try DiscordApplicationCommand.json(from: catalog), as: UTF8.self)
        case .slack: try SlackManifest(catalog: catalog).yaml()
        case .markdown: CatalogExporter(catalog: catalog).markdown()
        }
    }
}
