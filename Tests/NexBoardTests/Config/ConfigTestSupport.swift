import Foundation
import NexBoard

/// Helpers shared by the configuration tests.
enum ConfigTestSupport {
    /// The package root, found from this file's path (Tests/NexBoardTests/Config/<file>).
    static func packageRoot(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath)
            .deletingLastPathComponent()  // Config
            .deletingLastPathComponent()  // NexBoardTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
    }

    /// The problems `ConfigLoader.parse` reports for `yaml`; empty when it loads.
    static func problems(
        _ yaml: String, environment: [String: String] = [:], baseDirectory: String = "/nonexistent-nexboard-test"
    ) -> [ConfigProblem] {
        do {
            _ = try ConfigLoader.parse(yaml: yaml, baseDirectory: baseDirectory, environment: environment)
            return []
        } catch {
            return error.problems
        }
    }

    /// A fresh temporary folder, removed when `body` returns.
    static func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("nexboard-config-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    /// `section` (one or more top-level keys) loaded after the minimal configuration.
    static func load(
        _ section: String, environment: [String: String] = [:], baseDirectory: String = "/nonexistent-nexboard-test"
    ) throws -> NexBoardConfig {
        try ConfigLoader.parse(yaml: minimalYAML + "\n" + section, baseDirectory: baseDirectory, environment: environment)
    }

    /// A minimal valid configuration: one simulated cluster.
    static let minimalYAML = """
        clusters:
          - name: lab
            simulator: {}
        """
}
