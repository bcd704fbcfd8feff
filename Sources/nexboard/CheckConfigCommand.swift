import ArgumentParser
import NexBoard

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a configuration file (and the catalog of its commands_dir) and print every problem with its key path.")

    @Argument(help: "The configuration file.")
    var file: String

    func run() throws {
        let config = try Startup.loadConfig(file)
        let catalog = try Startup.loadCatalog(nil, config: config)
        let roles = config.bindings.map(\.role)
        print("\(file): OK — \(config.clusters.count) cluster(s) (\(config.clusters.map(\.name).joined(separator: ", "))), "
              + "\(config.bindings.count) binding(s) of role(s) \(Set(roles).sorted().joined(separator: ", ")), "
              + "HTTP on \(config.http.host):\(config.http.port), "
              + "\(catalog.commands.count) commands (\(config.commandsDirectory ?? "built in"))")
    }
}
