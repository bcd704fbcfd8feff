import ArgumentParser
import Logging
import NexBoard
import NexBoardCore

struct CommandsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commands", abstract: "Work with the command catalog.", subcommands: [Export.self, Register.self])

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the Discord application commands equal to the catalog (per configured guild, or global).")

        @Option(name: .shortAndLong, help: "The configuration file (its discord section is used).")
        var config: String

        @Option(help: "The command catalog folder (default: the one shipped with NexBoard).")
        var commands: String?

        func run() async throws {
            let loaded = try Startup.loadConfig(config)
            guard let discord = loaded.discord else {
                Startup.printError("\(config): there is no discord section, so there is nothing to register.")
                throw ExitCode.failure
            }
            Startup.bootstrapLogging(level: loaded.logLevel)
            let targets = try await DiscordCommandRegistration.register(
                discord, catalog: try Startup.loadCatalog(commands), logger: Logger(label: "nexboard"))
            print("Registered the catalog's commands: \(targets.joined(separator: ", ")).")
        }
    }

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
