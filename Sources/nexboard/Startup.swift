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
        do {
            return try ConfigLoader.load(path: path)
        } catch {
            printError("\(path): \(error.problems.count) problem(s)")
            for problem in error.problems { printError("  \(problem)") }
            throw ExitCode.failure
        }
    }

    static func loadCatalog(_ explicit: String?) throws -> CommandCatalog {
        guard let directory = ResourceLocator.find("commands", explicit: explicit) else {
            printError("Cannot find the command catalog folder `commands/`; pass --commands DIR or set NEXBOARD_SHARE.")
            throw ExitCode.failure
        }
        do {
            return try CommandCatalog.load(directory: directory)
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
