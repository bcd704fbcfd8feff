import NexBoardCore

/// Turns the command catalog into Discord application commands: one top-level command per group
/// with its commands as sub-commands (three-word commands as sub-command groups), top-level
/// commands as they are. Option types, choices and autocomplete come from the catalog.
public struct DiscordCommandBuilder: Sendable {
    /// A catalog that Discord cannot represent (too many sub-commands, a name Discord refuses).
    public struct BuildError: Error, Sendable, Equatable, CustomStringConvertible {
        public var command: String
        public var problem: String
        public var description: String { "Discord command `\(command)`: \(problem)" }
    }

    public init() {}

    public func commands(from catalog: CommandCatalog) throws(BuildError) -> [DiscordApplicationCommand] {
        var result: [DiscordApplicationCommand] = []
        var order: [String] = []
        var byTop: [String: [CommandSpec]] = [:]
        for spec in catalog.commands {
            guard let top = spec.path.first else { continue }
            if byTop[top] == nil { order.append(top) }
            byTop[top, default: []].append(spec)
        }
        for top in order {
            let specs = byTop[top] ?? []
            if specs.count == 1, specs[0].path.count == 1 {
                let spec = specs[0]
                result.append(DiscordApplicationCommand(name: try name(top, spec), description: Self.describe(spec.description),
                                                        options: try options(spec)))
                continue
            }
            var children: [DiscordCommandOption] = []
            var groupIndex: [String: Int] = [:]
            for spec in specs {
                switch spec.path.count {
                case 2:
                    children.append(DiscordCommandOption(type: .subCommand, name: try name(spec.path[1], spec),
                                                         description: Self.describe(spec.description), options: try options(spec)))
                case 3:
                    let sub = DiscordCommandOption(type: .subCommand, name: try name(spec.path[2], spec),
                                                   description: Self.describe(spec.description), options: try options(spec))
                    if let index = groupIndex[spec.path[1]] {
                        children[index].options = (children[index].options ?? []) + [sub]
                    } else {
                        groupIndex[spec.path[1]] = children.count
                        children.append(DiscordCommandOption(type: .subCommandGroup, name: try name(spec.path[1], spec),
                                                             description: Self.describe("\(spec.path[0]) \(spec.path[1]) commands"),
                                                             options: [sub]))
                    }
                default:
                    throw BuildError(command: spec.name, problem: "Discord allows at most three words")
                }
            }
            if children.count > 25 || children.contains(where: { ($0.options?.count ?? 0) > 25 }) {
                throw BuildError(command: top, problem: "more than 25 sub-commands")
            }
            let groupDescription = catalog.group(named: top)?.description ?? "\(top) commands"
            result.append(DiscordApplicationCommand(name: try name(top, specs[0]), description: Self.describe(groupDescription),
                                                    options: children))
        }
        return result
    }

    private func options(_ spec: CommandSpec) throws(BuildError) -> [DiscordCommandOption]? {
        let all = spec.allOptions
        guard !all.isEmpty else { return nil }
        if all.count > 25 { throw BuildError(command: spec.name, problem: "more than 25 options") }
        // Discord wants required options first.
        let ordered = all.filter(\.required) + all.filter { !$0.required }
        var result: [DiscordCommandOption] = []
        for option in ordered {
            var converted = DiscordCommandOption(type: Self.kind(option.type), name: try name(option.name, spec),
                                                 description: Self.describe(option.description),
                                                 required: option.required ? true : nil)
            if !option.choices.isEmpty {
                if option.choices.count > 25 { throw BuildError(command: spec.name, problem: "option \(option.name) has more than 25 choices") }
                converted.choices = option.choices.map { DiscordCommandChoice(name: $0, value: $0) }
            } else if option.autocomplete || option.type == .guest || option.type == .node {
                converted.autocomplete = converted.type == .string ? true : nil
            }
            result.append(converted)
        }
        return result
    }

    static func kind(_ type: OptionType) -> DiscordCommandOption.Kind {
        switch type {
        case .integer: .integer
        case .boolean: .boolean
        default: .string
        }
    }

    /// Discord names: 1–32 characters, lower case, letters, digits, `-` and `_`.
    private func name(_ raw: String, _ spec: CommandSpec) throws(BuildError) -> String {
        let lowered = raw.lowercased()
        let allowed = lowered.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        guard !lowered.isEmpty, lowered.count <= 32, allowed else {
            throw BuildError(command: spec.name, problem: "`\(raw)` is not a valid Discord name")
        }
        return lowered
    }

    /// Discord descriptions: 1–100 characters.
    static func describe(_ text: String) -> String {
        let trimmed = text.isEmpty ? "—" : text
        return trimmed.count <= 100 ? trimmed : String(trimmed.prefix(99)) + "…"
    }
}
