import AsyncHTTPClient
import ChatDiscord
import Logging
import NexBoardCore

/// `nexboard commands register`: makes Discord's application commands equal to the catalog, without
/// starting the rest of NexBoard.
public enum DiscordCommandRegistration {
    /// Registers per configured guild, or globally when none. Returns where it registered (`guild 123`, `global`).
    public static func register(_ config: DiscordConfig, catalog: CommandCatalog, logger: Logger) async throws -> [String] {
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
}
