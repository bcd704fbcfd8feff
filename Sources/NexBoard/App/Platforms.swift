import ChatConsole
import ChatDiscord
import ChatKit
import ChatMatrix
import ChatSlack
import Foundation
import Logging
import NexBoardCore
import Store
import AsyncHTTPClient

/// The chat platforms this NexBoard is built with. The one place that names them: which ones the
/// configuration sets up, how their identities read in bindings (whether or not a platform is
/// configured, so that a configuration can bind Slack users before Slack is set up), and what each
/// is given from the catalog.
public enum Platforms {
    public static let subjectForms = SubjectForms(
        ConsoleIdentity.forms + DiscordIdentity.forms + SlackIdentity.forms + MatrixIdentity.forms)

    /// The chat platforms the configuration sets up (the demo adds `console`).
    public static func configured(_ config: NexBoardConfig, catalog: CommandCatalog) -> [PlatformFactory] {
        var platforms: [PlatformFactory] = []
        if let discord = config.discord {
            let configuration = DiscordAdapterConfiguration(
                token: discord.token, applicationID: discord.applicationID, gatewayURL: discord.gatewayURL, apiURL: discord.apiURL,
                guildIDs: discord.guildIDs, channelIDs: discord.channelIDs, allowDMs: discord.allowDMs, publicKey: discord.publicKey)
            platforms.append(PlatformFactory(id: "discord") { context in
                DiscordPlatform(configuration: configuration, commandStore: context.buttonCommands,
                                registerAtStart: discord.registerCommands == .atStart ? catalog : nil, clock: context.clock, logger: context.logger,
                                handler: context.handler)
            })
        }
        if let slack = config.slack {
            let configuration = slack.adapter
            platforms.append(PlatformFactory(id: "slack") { context in
                SlackPlatform(configuration: configuration, commandStore: context.buttonCommands, clock: context.clock,
                              logger: context.logger, handler: context.handler)
            })
        }
        if let matrix = config.matrix {
            platforms.append(PlatformFactory(id: "matrix") { context in
                MatrixPlatform(configuration: matrix.adapterConfiguration, state: KeyValueMatrixStateStore(store: context.keyValues),
                               commandStore: context.buttonCommands, clock: context.clock, now: context.now, logger: context.logger,
                               handler: context.handler)
            })
        }
        return platforms
    }

    /// The terminal chat of the demo, as `subject`, writing to `write` (which must not block).
    public static func console(subject: Subject, input: ConsoleInput, write: @escaping @Sendable (String) -> Void) -> PlatformFactory {
        PlatformFactory(id: "console") { context in
            let chat = ConsoleChat(subject: subject, write: write, handler: context.handler)
            return switch input {
            case let .script(lines, finished):
                ConsolePlatform(chat: chat, input: .script(lines, finished: finished))
            case let .interactive(lines):
                ConsolePlatform(chat: chat, input: .interactive(lines, banner: {
                    "HTTP page: \(await context.httpAddress())/  (health: /healthz, metrics: /metrics)"
                }))
            }
        }
    }

    /// What the demo's console reads.
    public enum ConsoleInput: Sendable {
        /// Lines run one after another (`demo --script`); `finished` is told how many hit an internal error.
        case script([String], finished: @Sendable (_ internalErrors: Int) -> Void)
        /// Lines typed at the terminal.
        case interactive(AsyncStream<String>)
    }

    /// Makes Discord's application commands equal to the catalog, without starting the rest of
    /// NexBoard (`nexboard commands register`): per configured guild, or globally when none.
    /// Returns where it registered (`guild 123`, `global`).
    public static func registerDiscordCommands(_ config: DiscordConfig, catalog: CommandCatalog, logger: Logger) async throws -> [String] {
        let rest = DiscordREST(httpClient: .shared, apiBaseURL: config.apiURL, token: config.token, applicationID: config.applicationID)
        if config.guildIDs.isEmpty {
            try await rest.bulkOverwriteCommands(from: catalog, guildID: nil, logger: logger)
            return ["global"]
        }
        for guild in config.guildIDs {
            try await rest.bulkOverwriteCommands(from: catalog, guildID: guild, logger: logger)
        }
        return config.guildIDs.map { "guild \($0)" }
    }

    /// What `nexboard commands export` prints.
    public enum ExportFormat: String, CaseIterable, Sendable {
        case discord, slack, markdown
    }

    /// The catalog for a platform: Discord application commands (JSON for the bulk overwrite), the
    /// Slack app manifest (YAML; with `config` in Slack's HTTP mode, its request URLs under
    /// `http.public_url` and Socket Mode off), or the Markdown reference.
    public static func export(_ catalog: CommandCatalog, as format: ExportFormat, config: NexBoardConfig? = nil) throws -> String {
        switch format {
        case .discord: String(decoding: try DiscordApplicationCommand.json(from: catalog), as: UTF8.self)
        case .slack: try SlackManifest(catalog: catalog, requestURL: config?.slack?.mode == .http ? config?.http.publicURL : nil).yaml()
        case .markdown: CatalogExporter(catalog: catalog).markdown(whereToType: """
            Type a command after `/nex` in Slack, as `/<group> <command>` in Discord, after `!nex` in Matrix,
            or as it is in the demo console.
            """)
        }
    }
}

/// Makes one chat platform once the dispatcher it answers through exists.
public struct PlatformFactory: Sendable {
    /// The platform's id (`discord`, `console`): known before it is made, for alert destinations.
    public let id: String
    let make: @Sendable (PlatformContext) -> any ChatPlatform

    public init(id: String, make: @escaping @Sendable (PlatformContext) -> any ChatPlatform) {
        self.id = id
        self.make = make
    }
}

/// What the composition root gives a platform it makes.
public struct PlatformContext: Sendable {
    /// The dispatcher.
    public let handler: any ChatRequestHandling
    /// Long button commands, kept in the store in the platform's namespace.
    public let buttonCommands: any ButtonCommandStore
    /// What the platform's waits sleep on (`Options.clock`): heartbeats, backoff, rate limits.
    public let clock: AnyClock
    /// Wall-clock time (`Options.now`).
    public let now: @Sendable () -> Date
    /// Small state kept across restarts (Matrix's sync position).
    public let keyValues: any KeyValueStore
    public let logger: Logger
    /// `http://host:port` of the HTTP page, once it listens.
    public let httpAddress: @Sendable () async -> String
}
