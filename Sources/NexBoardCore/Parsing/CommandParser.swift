/// Turns a chat line into a `ParsedCommand` using the catalog.
///
/// Options are written `--name value`, `--name=value` or `name:value`; a boolean may be a bare
/// `--name`. Words without a name fill the declared options in order (required ones come first),
/// so `vm stop web01` is `vm stop --guest web01`.
public struct CommandParser: Sendable {
    public let catalog: CommandCatalog

    public init(catalog: CommandCatalog) {
        self.catalog = catalog
    }

    public func parse(_ line: String) throws(CommandParseError) -> ParsedCommand {
        let words = try CommandTokenizer.tokenize(CommandTokenizer.stripPrefix(line))
        guard let first = words.first else { throw .empty }
        guard let (spec, consumed) = catalog.match(words) else {
            throw unknownCommand(words)
        }
        return try bind(spec: spec, words: Array(words.dropFirst(consumed)))
    }

    private func unknownCommand(_ words: [String]) -> CommandParseError {
        let first = words[0].lowercased()
        if catalog.group(named: first) != nil {
            let under = catalog.commands(under: [first])
            if words.count == 1 {
                return .incompleteCommand(group: first, subcommands: under.map(\.name))
            }
            let typed = words.prefix(2).joined(separator: " ").lowercased()
            return .unknownCommand(typed, suggestions: Suggestions.closest(to: typed, in: under.map(\.name)))
        }
        let names = catalog.commands.map { $0.path[0] } + catalog.groups.map(\.name)
        return .unknownCommand(words[0], suggestions: Suggestions.closest(to: first, in: Set(names)))
    }

    private func bind(spec: CommandSpec, words: [String]) throws(CommandParseError) -> ParsedCommand {
        let options = spec.allOptions
        var values: [String: ArgumentValue] = [:]
        var positional: [String] = []
        var index = 0

        func option(named name: String) throws(CommandParseError) -> CommandOption {
            if let found = options.first(where: { $0.name == name.lowercased() }) { return found }
            throw .unknownOption(command: spec.name, option: name,
                                 suggestions: Suggestions.closest(to: name, in: options.map(\.name)), usage: spec.usage)
        }

        func assign(_ option: CommandOption, _ raw: String) throws(CommandParseError) {
            guard values[option.name] == nil else { throw .duplicateOption(command: spec.name, option: option.name) }
            values[option.name] = try convert(raw, for: option, in: spec)
        }

        while index < words.count {
            let word = words[index]
            index += 1
            if word.hasPrefix("--"), word.count > 2 {
                var name = String(word.dropFirst(2))
                var inline: String?
                if let equals = name.firstIndex(of: "=") {
                    inline = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                let option = try option(named: name)
                if let inline {
                    try assign(option, inline)
                } else if option.type == .boolean, index >= words.count || words[index].hasPrefix("--") {
                    try assign(option, "true")
                } else {
                    guard index < words.count else {
                        throw .missingValue(command: spec.name, option: option.name, usage: spec.usage)
                    }
                    try assign(option, words[index])
                    index += 1
                }
            } else if let colon = word.firstIndex(of: ":"), colon != word.startIndex,
                      options.contains(where: { $0.name == word[..<colon].lowercased() }) {
                let option = try option(named: String(word[..<colon]))
                try assign(option, String(word[word.index(after: colon)...]))
            } else {
                positional.append(word)
            }
        }

        // The n-th word without a name is the n-th declared option; common options are always named.
        if let last = spec.options.last, last.takesRest, positional.count > spec.options.count {
            let rest = positional[(spec.options.count - 1)...].joined(separator: " ")
            positional = Array(positional.prefix(spec.options.count - 1)) + [rest]
        }
        if positional.count > spec.options.count {
            throw .tooManyArguments(command: spec.name, extra: Array(positional[spec.options.count...]), usage: spec.usage)
        }
        for (option, word) in zip(spec.options, positional) {
            try assign(option, word)
        }
        let missing = options.filter { $0.required && values[$0.name] == nil }.map(\.name)
        if !missing.isEmpty {
            throw .missingRequired(command: spec.name, options: missing, usage: spec.usage)
        }
        return ParsedCommand(spec: spec, arguments: values)
    }

    private func convert(_ raw: String, for option: CommandOption, in spec: CommandSpec) throws(CommandParseError) -> ArgumentValue {
        let invalid = CommandParseError.invalidValue(command: spec.name, option: option.name, value: raw, expected: option.valueForm)
        switch option.type {
        case .integer:
            guard let number = Int(raw) else { throw invalid }
            return .integer(number)
        case .boolean:
            switch raw.lowercased() {
            case "true", "yes", "on", "1": return .boolean(true)
            case "false", "no", "off", "0": return .boolean(false)
            default: throw invalid
            }
        case .duration:
            guard let duration = DurationParser.parse(raw), duration > .zero else { throw invalid }
            return .duration(duration)
        case .choice:
            guard let choice = option.choices.first(where: { $0.lowercased() == raw.lowercased() }) else { throw invalid }
            return .text(choice)
        case .guest, .node, .tag, .storage, .pool, .cluster, .string:
            guard !raw.isEmpty else { throw invalid }
            return .text(raw)
        }
    }
}
