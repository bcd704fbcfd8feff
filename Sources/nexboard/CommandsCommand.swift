import ArgumentParser
import NexBoardCore

struct CommandsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commands", abstract: "Work with the command catalog.", subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the catalog as Discord application commands, a Slack manifest fragment, or Markdown.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case discord, slack, markdown
        }

        @Option(help: "discord (JSON for the bulk-overwrite endpoint), slack (manifest YAML) or markdown (the reference).")
        var format: Format

        @Option(help: "The command catalog folder (default: the one shipped with NexBoard).")
        var commands: String?

        func run() throws {
            let exporter = CatalogExporter(catalog: try Startup.loadCatalog(commands))
            switch format {
            case .discord: print(try exporter.discordJSON())
            case .slack: print(exporter.slackManifest())
            case .markdown: print(exporter.markdown(), terminator: "")
            }
        }
    }
}
