import Foundation

/// Paths inside this repository, for tests that read the shipped catalog and configuration.
public enum RepositoryPaths {
    /// The package root, found from this file's location.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var commands: String { root.appendingPathComponent("commands").path }
    public static func file(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// `../shared/reference/…` beside the repository (present on developer machines and in CI).
    public static func reference(_ relative: String) -> String {
        root.deletingLastPathComponent().appendingPathComponent("shared/reference").appendingPathComponent(relative).path
    }
}
