import ArgumentParser
import Foundation
import Logging
import Metrics
import NexBoard
import NexBoardCore
import Prometheus
import WebPage

/// What every sub-command does before it builds the application.
enum Startup {
    static func loadConfig(_ path: String) throws -> NexBoardConfig {
        try checked(path) { () throws(ConfigError) in try ConfigLoader.load(path: path) }
    }

    /// The demo's configuration: the file given, else the one built into NexBoard.
    static func loadDemoConfig(_ path: String?) throws -> NexBoardConfig {
        guard let path else {
            return try checked("the built-in demo configuration") { () throws(ConfigError) in try ShippedResources.demoConfiguration() }
        }
        return try loadConfig(path)
    }

    private static func checked(_ name: String, _ load: () throws(ConfigError) -> NexBoardConfig) throws -> NexBoardConfig {
        do {
            return try load()
        } catch {
            printError("\(name): \(error.problems.count) problem(s)")
            for problem in error.problems { printError("  \(problem)") }
            throw ExitCode.failure
        }
    }

    /// The catalog of `--commands` when given, else of the configuration's `commands_dir`, else the
    /// one built into NexBoard.
    static func loadCatalog(_ flag: String?, config: NexBoardConfig? = nil) throws -> CommandCatalog {
        do {
            return try ShippedResources.catalog(directory: flag ?? config?.commandsDirectory)
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
    }

    static func bootstrapLogging(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    static func bootstrapMetrics() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(makeMetricsFactory(registry: registry))
        return registry
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
