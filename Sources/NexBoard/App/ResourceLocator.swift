import Foundation

/// Finds the files NexBoard ships beside its binary: the command catalog and the demo configuration.
///
/// Looked up, in order: an explicit path; `$NEXBOARD_SHARE`; the folder two levels above the binary
/// (a `swift build` tree: `.build/debug/nexboard` → the repository); `/usr/share/nexboard` (the
/// container image and packages); the current folder.
public enum ResourceLocator {
    public static func find(_ relativePath: String, explicit: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit { return explicit }
        var roots: [String] = []
        if let share = environment["NEXBOARD_SHARE"] { roots.append(share) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        roots.append(executable.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path)
        roots.append(executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/nexboard").path)
        roots.append("/usr/share/nexboard")
        roots.append(FileManager.default.currentDirectoryPath)
        for root in roots {
            let path = URL(fileURLWithPath: root).appendingPathComponent(relativePath).path
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }
}
