import Yams

extension CommandCatalog {
    private struct FileModel: Decodable {
        var group: String?
        var description: String?
        var commands: [CommandModel]
    }

    private struct CommandModel: Decodable {
        var name: String
        var description: String
        var permission: String
        var confirm: Bool?
        var slow: Bool?
        var cluster: Bool?
        var `private`: Bool?
        var changes: Bool?
        var options: [OptionModel]?
        var examples: [String]?
    }

    private struct OptionModel: Decodable {
        var name: String
        var type: String
        var description: String
        var required: Bool?
        var choices: [String]?
        var autocomplete: Bool?
        var rest: Bool?
    }

    /// Parses one catalog file. Names are checked here so that every platform accepts them.
    static func parse(yaml: String, file: String) throws(CatalogError) -> (group: CommandGroup?, commands: [CommandSpec]) {
        let model: FileModel
        do {
            model = try YAMLDecoder().decode(FileModel.self, from: yaml)
        } catch {
            throw CatalogError(file: file, message: "invalid YAML: \(error)")
        }
        var group: CommandGroup?
        if let name = model.group {
            try checkName(name, file: file)
            guard let description = model.description else {
                throw CatalogError(file: file, message: "group `\(name)` needs a description")
            }
            group = CommandGroup(name: name, description: description)
        }
        var specs: [CommandSpec] = []
        for command in model.commands {
            let words = command.name.split(separator: " ").map(String.init)
            guard (1...2).contains(words.count) else {
                throw CatalogError(file: file, message: "`\(command.name)`: a name is one word, or two for a sub-group")
            }
            for word in words { try checkName(word, file: file) }
            let permission = Permission(rawValue: command.permission)
            guard permission != nil || command.permission == "none" else {
                throw CatalogError(file: file, message: "`\(command.name)`: unknown permission `\(command.permission)`")
            }
            var options: [CommandOption] = []
            for option in command.options ?? [] {
                try checkName(option.name, file: file)
                guard let type = OptionType(rawValue: option.type) else {
                    throw CatalogError(file: file, message: "`\(command.name)` option `\(option.name)`: unknown type `\(option.type)`")
                }
                if type == .choice, (option.choices ?? []).isEmpty {
                    throw CatalogError(file: file, message: "`\(command.name)` option `\(option.name)`: a choice needs choices")
                }
                options.append(CommandOption(
                    name: option.name, type: type, description: option.description,
                    required: option.required ?? false, choices: option.choices ?? [],
                    autocomplete: option.autocomplete ?? false, takesRest: option.rest ?? false))
            }
            if let index = options.firstIndex(where: \.takesRest),
               index != options.count - 1 || options[index].type != .string {
                throw CatalogError(file: file, message: "`\(command.name)`: only the last option, of type string, may take the rest of the line")
            }
            if let firstOptional = options.firstIndex(where: { !$0.required }),
               options[firstOptional...].contains(where: \.required) {
                throw CatalogError(file: file, message: "`\(command.name)`: required options must come before optional ones")
            }
            specs.append(CommandSpec(
                path: (group.map { [$0.name] } ?? []) + words,
                description: command.description,
                permission: permission,
                confirm: command.confirm ?? false,
                slow: command.slow ?? false,
                usesCluster: command.cluster ?? true,
                privateReply: command.private ?? false,
                changesState: command.changes ?? ![nil, .guestView].contains(permission),
                options: options,
                examples: command.examples ?? []))
        }
        return (group, specs)
    }

    /// Lower-case letters, digits, `-` and `_`, 1 to 32 characters: what every chat platform accepts as a command name.
    private static func checkName(_ name: String, file: String) throws(CatalogError) {
        let valid = (1...32).contains(name.count) && name.allSatisfy {
            ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "_"
        }
        guard valid else {
            throw CatalogError(file: file, message: "`\(name)` is not a valid name (lower-case letters, digits, - and _, at most 32)")
        }
    }
}
