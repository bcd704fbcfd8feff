import ArgumentParser
import Foundation
import Logging
import NexBoard

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run NexBoard as a service with a configuration file.")

    @Option(name: .shortAndLong, help: "The configuration file.")
    var config: String

    @Option(help: "The command catalog folder (default: the configuration's commands_dir, else the catalog built into NexBoard).")
    var commands: String?

    func run() async throws {
        ProcessMemory.configureMalloc()
        let loaded = try Startup.loadConfig(config)
        Startup.bootstrapLogging(level: loaded.logLevel)
        let logger = Logger(label: "nexboard")
        let catalog = try Startup.loadCatalog(commands, config: loaded)
        let metrics = Startup.bootstrapMetrics()
        let app = try await NexBoardApplication.build(config: loaded, catalog: catalog, metrics: metrics, logger: logger)
        logger.info("NexBoard started", metadata: [
            "version": "\(NexBoardVersion.current)", "clusters": "\(loaded.clusters.map(\.name))",
            "http": "\(loaded.http.host):\(loaded.http.port)",
        ])
        try await NexBoardRunner.run(app, logger: logger)
    }
}
