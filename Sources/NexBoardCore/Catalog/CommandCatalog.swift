import Foundation
import Yams

/// The command catalog: every command NexBoard knows, loaded from `commands/*.yaml`.
///
/// A file declares either top-level commands (no `group`) or one group of sub-commands:
/// ```yaml
/// group: vm
/// description: Virtual machines and containers
/// commands:
///   - name: stop            # "tag add" declares a sub-group: /vm tag add
///     description: Stop a guest at once, like pulling the plug
///     permission: guest.power
///     confirm: true
///     slow: true
///     options:
///       - {name: guest, type: guest, required: true, autocomplete: true, description: VMID or name}
/// ```
public struct CommandCatalog: Sendable {
    public private(set) var groups: [CommandGroup]
    public private(set) var commands: [CommandSpec]

    public init(groups: [CommandGroup], commands: [CommandSpec]) throws(CatalogError) {
        self.groups = groups
        self.commands = commands
        try validate()
    }

    /// Loads every `*.yaml` file of a folder, in name order.
    public static func load(directory: String) throws(CatalogError) -> CommandCatalog {
        let url = URL(fileURLWithPath: directory)
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw CatalogError(file: directory, message: "cannot read the command catalog folder")
        }
        guard !files.isEmpty else { throw CatalogError(file: directory, message: "no *.yaml command files found") }
        var texts: [(name: String, text: String)] = []
        for file in files {
            do { texts.append((file.lastPathComponent, try String(contentsOf: file, encoding: .utf8))) } catch {
                throw CatalogError(file: file.lastPathComponent, message: "cannot read the file")
            }
        }
        return try parse(files: texts)
    }

    /// Builds the catalog from the texts of its files (a name, for messages, and the YAML), in the order given.
    public static func parse(files: [(name: String, text: String)]) throws(CatalogError) -> CommandCatalog {
        var groups: [CommandGroup] = []
        var commands: [CommandSpec] = []
        for file in files {
            let parsed = try parse(yaml: file.text, file: file.name)
            if let group = parsed.group { groups.append(group) }
            commands += parsed.commands
        }
        return try CommandCatalog(groups: groups, commands: commands)
    }

    /// Finds the longest command path that starts the given words.
    /// Returns the spec and how many words named it.
    public func match(_ words: [String]) -> (spec: CommandSpec, consumed: Int)? {
        let lowered = words.prefix(3).map { $0.lowercased() }
        for length in stride(from: min(3, lowered.count), through: 1, by: -1) {
            let candidate = Array(lowered.prefix(length))
            if let spec = commands.first(where: { $0.path == candidate }) {
                return (spec, length)
            }
        }
        return nil
    }

    public func spec(named name: String) -> CommandSpec? {
        commands.first { $0.name == name }
    }

    /// Commands whose path starts with the given words (`vm` → all vm commands).
    public func commands(under prefix: [String]) -> [CommandSpec] {
        commands.filter { $0.path.starts(with: prefix.map { $0.lowercased() }) }
    }

    public func group(named name: String) -> CommandGroup? {
        groups.first { $0.name == name }
    }

    private func validate() throws(CatalogError) {
        var seen = Set<String>()
        for spec in commands {
            guard seen.insert(spec.name).inserted else {
                throw CatalogError(file: spec.name, message: "the command is declared twice")
            }
            // A command may not also be the start of another one ("vm tag" and "vm tag add").
            if let other = commands.first(where: { $0.path.count > spec.path.count && $0.path.starts(with: spec.path) }) {
                throw CatalogError(file: spec.name, message: "collides with `\(other.name)`: a command cannot also be a group")
            }
            var optionNames = Set<String>()
            for option in spec.allOptions {
                guard optionNames.insert(option.name).inserted else {
                    throw CatalogError(file: spec.name, message: "option `\(option.name)` is declared twice")
                }
            }
            if let group = spec.path.first, spec.path.count > 1, !groups.contains(where: { $0.name == group }) {
                throw CatalogError(file: spec.name, message: "group `\(group)` is not declared")
            }
        }
        for group in groups where commands.contains(where: { $0.path == [group.name] }) {
            throw CatalogError(file: group.name, message: "a group and a top-level command share the name")
        }
    }
}

/// A problem in the command catalog files. The catalog ships with NexBoard, so this is a packaging bug.
public struct CatalogError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "command catalog \(file): \(message)" }
}
