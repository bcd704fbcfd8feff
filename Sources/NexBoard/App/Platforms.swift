import ChatConsole
import ChatDiscord
import ChatMatrix
import ChatSlack
import Foundation
import NexBoardCore

/// The chat platforms this NexBoard is built with. The one place that lists them: how their
/// identities read in bindings (whether or not a platform is configured, so that a configuration
/// can bind Slack users before Slack is set up).
public enum Platforms {
    public static let subjectForms = SubjectForms(
        ConsoleIdentity.forms + DiscordIdentity.forms + SlackIdentity.forms + MatrixIdentity.forms)

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
