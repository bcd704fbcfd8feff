import NexBoardCore

/// `help [command]`: the commands this user may use, or the usage of one.
struct HelpHandler: CommandHandler {
    let command = "help"

    func handle(_ context: CommandContext) async throws -> Message {
        let catalog = context.services.catalog
        let allowed = catalog.commands.filter {
            context.policy.check($0.permission, subjects: context.request.subjects).isAllowed
        }
        if let topic = context.command.text("command") {
            let words = (try? CommandTokenizer.tokenize(CommandTokenizer.stripPrefix(topic))) ?? [topic]
            if let (spec, consumed) = catalog.match(words), consumed == words.count {
                return detail(spec, allowed: allowed.contains(spec))
            }
            let under = catalog.commands(under: words)
            guard !under.isEmpty else {
                let suggestions = Suggestions.closest(to: topic, in: catalog.commands.map(\.name) + catalog.groups.map(\.name))
                throw InvalidRequest(userMessage: "There is no command `\(topic)`.\(Suggestions.didYouMean(suggestions))")
            }
            return list(under.filter { allowed.contains($0) }, title: "Commands under `\(words.joined(separator: " "))`")
        }
        return list(allowed, title: "NexBoard commands")
    }

    private func list(_ specs: [CommandSpec], title: String) -> Message {
        guard !specs.isEmpty else {
            return Message(title: title, text: "You may not use any of these. Ask an admin for a role.", severity: .warning,
                           visibility: .requester)
        }
        return Message(
            title: title,
            table: Table(headers: ["command", "what it does"], rows: specs.map { [$0.shortUsage, $0.description + ($0.confirm ? " (asks first)" : "")] }),
            footer: "Options: --name value or name:value. Commands that read a cluster take --cluster NAME. `help vm stop` explains one command.",
            visibility: .requester)
    }

    private func detail(_ spec: CommandSpec, allowed: Bool) -> Message {
        let permission = spec.permission.map { "`\($0.rawValue)`" } ?? "none"
        var fields = [Message.Field("Usage", "`\(spec.usage)`", inline: false),
                      Message.Field("Permission", permission + (allowed ? "" : " (you do not have it)"))]
        if spec.confirm { fields.append(.init("Confirmation", "asked before it runs")) }
        var lines = spec.allOptions.map { "--\($0.name): \($0.valueForm)\($0.required ? ", required" : "") — \($0.description)" }
        if !spec.examples.isEmpty { lines.append("Examples: " + spec.examples.joined(separator: "; ")) }
        return Message(title: spec.name, text: spec.description, fields: fields,
                       code: lines.isEmpty ? nil : lines.joined(separator: "\n"), visibility: .requester)
    }
}
