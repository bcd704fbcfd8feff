import Foundation
import PackagePlugin

/// Compiles the files NexBoard ships into the target it is applied to: the command catalog
/// (`commands/*.yaml`), the demo configuration (`config/demo.yaml`), the default alert rules
/// (`config/alerts.yaml`) and the console page's scripts (`web/console/*.js`) become a generated
/// `ShippedFiles` enum, so that the binary has them wherever it is copied. The generated source lives
/// in the build folder only; the repository's files stay the one copy.
@main
struct EmbedShippedFiles: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        let root = context.package.directoryURL
        let catalog = try FileManager.default
            .contentsOfDirectory(at: root.appending(path: "commands"), includingPropertiesForKeys: nil)
            .filter { ["yaml", "yml"].contains($0.pathExtension) }
            .map { "commands/" + $0.lastPathComponent }
            .sorted()
        let scripts = try FileManager.default
            .contentsOfDirectory(at: root.appending(path: "web/console"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "js" }
            .map { "web/console/" + $0.lastPathComponent }
            .sorted()
        let files = catalog + ["config/demo.yaml", "config/alerts.yaml"] + scripts
        let output = context.pluginWorkDirectoryURL.appending(path: "ShippedFiles.swift")
        return [.buildCommand(
            displayName: "Embedding the command catalog, the demo configuration, the alert rules and the console scripts",
            executable: try context.tool(named: "EmbedFiles").url,
            arguments: [output.path(percentEncoded: false)] + files.flatMap { [$0, root.appending(path: $0).path(percentEncoded: false)] },
            inputFiles: files.map { root.appending(path: $0) },
            outputFiles: [output])]
    }
}
