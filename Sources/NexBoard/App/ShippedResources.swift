import Alerting
import Foundation
import NexBoardCore

/// What NexBoard ships with: the command catalog (`commands/*.yaml`), the demo configuration
/// (`config/demo.yaml`), the default alert rules (`config/alerts.yaml`) and the console page's
/// scripts (`web/console/*.js`). They are compiled into the binary at build time by the
/// `EmbedShippedFiles` plugin, so a binary run from any folder, or copied alone to another machine,
/// has them.
public enum ShippedResources {
    /// The catalog of `directory` (`--commands`, `commands_dir`) when given, else the shipped one.
    public static func catalog(directory: String? = nil) throws(CatalogError) -> CommandCatalog {
        if let directory { return try CommandCatalog.load(directory: directory) }
        return try CommandCatalog.parse(files: ShippedFiles.all.filter { $0.path.hasPrefix("commands/") }.map { ($0.path, $0.text) })
    }

    /// The demo's configuration; a relative path in it would resolve against the current folder.
    public static func demoConfiguration(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> NexBoardConfig {
        try ConfigLoader.parse(yaml: text("config/demo.yaml"), baseDirectory: FileManager.default.currentDirectoryPath,
                               environment: environment)
    }

    /// The alert rules used when `alerts.rules` names no file.
    static func alertRules() throws(AlertRulesError) -> AlertRulesFile {
        try AlertRulesFile.parse(text("config/alerts.yaml"), path: "config/alerts.yaml (built in)")
    }

    /// The console page's own script `name` (`web/console/<name>`), when there is one.
    static func consoleScript(_ name: String) -> String? {
        ShippedFiles.all.first { $0.path == "web/console/" + name }?.text
    }

    private static func text(_ path: String) -> String {
        guard let file = ShippedFiles.all.first(where: { $0.path == path }) else {
            preconditionFailure("\(path) is not compiled in; see Plugins/EmbedShippedFiles")
        }
        return file.text
    }
}
