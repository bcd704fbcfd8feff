import Foundation

/// The catalog in the forms other systems want: Discord application commands, a Slack app manifest
/// fragment, and the Markdown command reference.
public struct CatalogExporter: Sendable {
    public let catalog: CommandCatalog

    public init(catalog: CommandCatalog) {
        self.catalog = catalog
    }

    // MARK: Discord

    /// Discord's application command option types.
    enum DiscordOptionType: Int {
        case subCommand = 1, subCommandGroup = 2, string = 3, integer = 4, boolean = 5
    }

    /// The body of `PUT /applications/{id}/commands` (bulk overwrite): one command per group with
    /// sub-commands (and sub-command groups), one per top-level command.
    public func discordCommands() -> [[String: Any]] {
        var result: [[String: Any]] = []
        for spec in catalog.commands where spec.path.count == 1 {
            result.append([
                "name": spec.path[0], "type": 1,
                "description": Self.limit(spec.description, 100),
                "options": spec.allOptions.map(discordOption),
                "dm_permission": true,
            ])
        }
        for group in catalog.groups {
            var options: [[String: Any]] = []
            var subGroups: [String: [CommandSpec]] = [:]
            var order: [String] = []
            for spec in catalog.commands(under: [group.name]) {
                if spec.path.count == 2 {
                    options.append(discordSubCommand(spec, name: spec.path[1]))
                } else {
                    if subGroups[spec.path[1]] == nil { order.append(spec.path[1]) }
                    subGroups[spec.path[1], default: []].append(spec)
                }
            }
            for name in order {
                let specs = subGroups[name] ?? []
                options.append([
                    "type": DiscordOptionType.subCommandGroup.rawValue, "name": name,
                    "description": Self.limit("\(group.description): \(name)", 100),
                    "options": specs.map { discordSubCommand($0, name: $0.path[2]) },
                ])
            }
            result.append([
                "name": group.name, "type": 1,
                "description": Self.limit(group.description, 100),
                "options": options,
                "dm_permission": true,
            ])
        }
        return result
    }

    public func discordJSON() throws -> String {
        let data = try JSONSerialization.data(withJSONObject: discordCommands(), options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    private func discordSubCommand(_ spec: CommandSpec, name: String) -> [String: Any] {
        [
            "type": DiscordOptionType.subCommand.rawValue, "name": name,
            "description": Self.limit(spec.description, 100),
            "options": spec.allOptions.map(discordOption),
        ]
    }

    private func discordOption(_ option: CommandOption) -> [String: Any] {
        let type: DiscordOptionType = switch option.type {
        case .integer: .integer
        case .boolean: .boolean
        default: .string
        }
        var json: [String: Any] = [
            "type": type.rawValue, "name": option.name,
            "description": Self.limit(option.description, 100),
            "required": option.required,
        ]
        if !option.choices.isEmpty {
            json["choices"] = option.choices.prefix(25).map { ["name": $0, "value": $0] }
        } else if option.autocomplete || [.guest, .node, .cluster].contains(option.type) {
            json["autocomplete"] = true
        }
        return json
    }

    // MARK: Slack

    /// A Slack app manifest fragment: one `/nex` slash command that takes every command as its text.
    public func slackManifest() -> String {
        let hint = ["help", "overview"] + catalog.commands.filter { $0.path.count > 1 }.prefix(3).map(\.usage)
        return """
        # Slack app manifest fragment: merge into your app's manifest (see deploy/).
        # Every NexBoard command is typed after /nex, e.g. `/nex vm list --tag lab`.
        features:
          bot_user:
            display_name: NexBoard
            always_online: true
          slash_commands:
            - command: /nex
              description: Proxmox chat-ops (\(catalog.commands.count) commands, /nex help)
              usage_hint: "\(Self.limit(hint.joined(separator: " | "), 1000).replacingOccurrences(of: "\"", with: "'"))"
              should_escape: false
        oauth_config:
          scopes:
            bot:
              - commands
              - chat:write
              - chat:write.public
        settings:
          interactivity:
            is_enabled: true
          socket_mode_enabled: true
        """
    }

    // MARK: Markdown

    /// The command reference (`docs/commands.md`).
    public func markdown() -> String {
        var out = """
        # NexBoard command reference

        Generated from `commands/*.yaml` by `nexboard commands export --format markdown`; do not edit by hand.

        Type a command after `/nex` in Slack, as `/<group> <command>` in Discord, after `!nex` in Matrix,
        or as it is in the demo console. Options are written `--name value` or `name:value`; required
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
