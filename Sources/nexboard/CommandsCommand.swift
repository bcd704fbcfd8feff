import ArgumentParser
import Logging
import NexBoard
import NexBoardCore

extension Platforms.ExportFormat: ExpressibleByArgument {}

struct CommandsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commands", abstract: "Work with the command catalog.", subcommands: [Export.self, Register.self])

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the Discord application commands equal to the catalog (per configured guild, or global).")

        @Option(name: .shortAndLong, help: "The configuration file (its discord section is used).")
        var config: String

        @Option(help: "The command catalog folder (default: the configuration's commands_dir, else the catalog built into NexBoard).")
        var commands: String?

        func run() async throws {
            let loaded = try Startup.loadConfig(config)
            guard let discord = loaded.discord else {
                Startup.printError("\(config): there is no discord section, so there is nothing to register.")
                throw ExitCode.failure
            }
            Startup.bootstrapLogging(level: loaded.logLevel)
            let targets = try await Platforms.registerDiscordCommands(
                discord, catalog: try Startup.loadCatalog(commands, config: loaded), logger: Logger(label: "nexboard"))
            print("Registered the catalog's commands: \(targets.joined(separator: ", ")).")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the catalog as Discord application commands, a Slack manifest fragment, or Markdown.")

        @Option(help: "discord (JSON for the bulk-overwrite endpoint), slack (the app manifest, YAML) or markdown (the reference).")
        var format: Platforms.ExportFormat

        @Option(help: "The command catalog folder (default: the catalog built into NexBoard).")
        var commands: String?

        @Option(name: .shortAndLong, help: "A configuration file: in Slack's HTTP mode the manifest's request URLs use its http.public_url.")
        var config: String?

        func run() throws {
            let loaded = try config.map(Startup.loadConfig)
            let text = try Platforms.export(try Startup.loadCatalog(commands, config: loaded), as: format, config: loaded)
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}
