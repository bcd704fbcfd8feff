import Foundation
import NexBoardCore

/// An application command as Discord's bulk-overwrite endpoint takes it
/// (`PUT /applications/{id}[/guilds/{guild}]/commands`): one per catalog group, with sub-commands
/// and sub-command groups, and one per top-level command.
public struct DiscordApplicationCommand: Sendable, Equatable, Codable {
    public var name: String
    /// 1: a slash command.
    public var type: Int
    public var description: String
    public var options: [Option]
    public var dmPermission: Bool

    enum CodingKeys: String, CodingKey {
        case name, type, description, options
        case dmPermission = "dm_permission"
    }

    /// An option, a sub-command or a sub-command group.
    public struct Option: Sendable, Equatable, Codable {
        public enum Kind: Int, Sendable, Codable {
            case subCommand = 1, subCommandGroup = 2, string = 3, integer = 4, boolean = 5
        }

        public var type: Kind
        public var name: String
        public var description: String
        public var required: Bool?
        public var choices: [Choice]?
        public var autocomplete: Bool?
        public var options: [Option]?
    }

    public struct Choice: Sendable, Equatable, Codable {
        public var name: String
        public var value: String
    }

    /// Discord's limits on names and descriptions, kept by cutting descriptions with "…".
    static let descriptionLength = 100
    static let choicesPerOption = 25

    /// The catalog as Discord application commands.
    public static func commands(from catalog: CommandCatalog) -> [DiscordApplicationCommand] {
        var result: [DiscordApplicationCommand] = []
        for spec in catalog.commands where spec.path.count == 1 {
            result.append(DiscordApplicationCommand(name: spec.path[0], type: 1, description: limit(spec.description),
                                                    options: spec.allOptions.map(option), dmPermission: true))
        }
        for group in catalog.groups {
            var options: [Option] = []
            var subGroups: [String: [CommandSpec]] = [:]
            var order: [String] = []
            for spec in catalog.commands(under: [group.name]) {
                if spec.path.count == 2 {
                    options.append(subCommand(spec, name: spec.path[1]))
                } else {
                    if subGroups[spec.path[1]] == nil { order.append(spec.path[1]) }
                    subGroups[spec.path[1], default: []].append(spec)
                }
            }
            for name in order {
                options.append(Option(type: .subCommandGroup, name: name, description: limit("\(group.description): \(name)"),
                                      options: (subGroups[name] ?? []).map { subCommand($0, name: $0.path[2]) }))
            }
            result.append(DiscordApplicationCommand(name: group.name, type: 1, description: limit(group.description), options: options,
                                                    dmPermission: true))
        }
        return result
    }

    /// The JSON body of the bulk overwrite, pretty-printed with sorted keys (stable for diffs).
    public static func json(from catalog: CommandCatalog) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(commands(from: catalog))
    }

    private static func subCommand(_ spec: CommandSpec, name: String) -> Option {
        Option(type: .subCommand, name: name, description: limit(spec.description), options: spec.allOptions.map(option))
    }

    private static func option(_ option: CommandOption) -> Option {
        let kind: Option.Kind = switch option.type {
        case .integer: .integer
        case .boolean: .boolean
        default: .string
        }
        var result = Option(type: kind, name: option.name, description: limit(option.description), required: option.required)
        if !option.choices.isEmpty {
            result.choices = option.choices.prefix(choicesPerOption).map { Choice(name: $0, value: $0) }
        } else if option.autocomplete || [.guest, .node, .cluster].contains(option.type) {
            result.autocomplete = true
        }
        return result
    }

    private static func limit(_ text: String) -> String {
        text.count <= descriptionLength ? text : String(text.prefix(descriptionLength - 1)) + "…"
    }
}
