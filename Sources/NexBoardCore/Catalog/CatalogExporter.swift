import Foundation

/// The catalog as the Markdown command reference (`docs/commands.md`). Each platform exports its own
/// form (application commands, an app manifest) from the same catalog.
public struct CatalogExporter: Sendable {
    public let catalog: CommandCatalog

    public init(catalog: CommandCatalog) {
        self.catalog = catalog
    }

    // MARK: Markdown

    /// The command reference (`docs/commands.md`).
    /// - Parameter whereToType: a sentence on how each platform takes a command.
    public func markdown(whereToType: String) -> String {
        var out = """
        # NexBoard command reference

        Generated from `commands/*.yaml` by `nexboard commands export --format markdown`; do not edit by hand.

        \(whereToType) Options are written `--name value` or `name:value`; required
        ones may also be given in order without a name (`vm stop web01`). Commands that talk to Proxmox
        take `--cluster NAME` when more than one cluster is configured.

        | command | permission | what it does |
        |---|---|---|

        """
        for spec in catalog.commands {
            let flags = (spec.confirm ? " (asks for confirmation)" : "")
            out += "| `\(spec.usage.replacingOccurrences(of: "|", with: "\\|"))` | \(spec.permission.map { "`\($0.rawValue)`" } ?? "anyone") | \(spec.description)\(flags) |\n"
        }
        for spec in catalog.commands where !spec.options.isEmpty || !spec.examples.isEmpty {
            out += "\n## \(spec.name)\n\n\(spec.description).\n\n"
            for option in spec.options {
                out += "- `\(option.name)` (\(option.valueForm)\(option.required ? ", required" : "")): \(option.description)\n"
            }
            if !spec.examples.isEmpty {
                out += "\nExamples: " + spec.examples.map { "`\($0)`" }.joined(separator: ", ") + "\n"
            }
        }
        return out
    }

    private static func limit(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}
