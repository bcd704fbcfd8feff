/// The fake Discord's own check of message payloads against Discord's documented limits
/// (resources/message.mdx, components reference), written independently of the bot's renderer.
enum FakeDiscordValidator {
    static func violations(message body: [String: Any]) -> [String] {
        var problems: [String] = []
        func length(_ value: Any?) -> Int { (value as? String)?.utf16.count ?? 0 }
        if length(body["content"]) > 2000 { problems.append("content over 2000") }
        if length(body["nonce"]) > 25 { problems.append("nonce over 25") }
        let embeds = body["embeds"] as? [[String: Any]] ?? []
        if embeds.count > 10 { problems.append("more than 10 embeds") }
        var total = 0
        for embed in embeds {
            let title = length(embed["title"]), description = length(embed["description"])
            let footer = length((embed["footer"] as? [String: Any])?["text"])
            if title > 256 { problems.append("embed title over 256") }
            if description > 4096 { problems.append("embed description over 4096") }
            if footer > 2048 { problems.append("embed footer over 2048") }
            total += title + description + footer
            let fields = embed["fields"] as? [[String: Any]] ?? []
            if fields.count > 25 { problems.append("more than 25 fields") }
            for field in fields {
                let name = length(field["name"]), value = length(field["value"])
                if name == 0 || name > 256 { problems.append("field name length \(name)") }
                if value == 0 || value > 1024 { problems.append("field value length \(value)") }
                total += name + value
            }
            if let color = embed["color"] as? Int, color < 0 || color > 0xFFFFFF { problems.append("embed color out of range") }
        }
        if total > 6000 { problems.append("embeds total \(total) over 6000") }
        let rows = body["components"] as? [[String: Any]] ?? []
        if rows.count > 5 { problems.append("more than 5 action rows") }
        var customIDs: Set<String> = []
        for row in rows {
            guard row["type"] as? Int == 1 else { problems.append("top-level component is not an action row"); continue }
            let buttons = row["components"] as? [[String: Any]] ?? []
            if buttons.isEmpty || buttons.count > 5 { problems.append("action row with \(buttons.count) components") }
            for button in buttons {
                guard button["type"] as? Int == 2 else { problems.append("component is not a button"); continue }
                let style = button["style"] as? Int ?? 0
                if !(1...4).contains(style) { problems.append("button style \(style)") }
                if length(button["label"]) > 80 { problems.append("button label over 80") }
                let customID = button["custom_id"] as? String ?? ""
                if customID.isEmpty || customID.utf16.count > 100 { problems.append("custom_id length \(customID.utf16.count)") }
                if !customIDs.insert(customID).inserted { problems.append("duplicate custom_id") }
            }
        }
        return problems
    }

    /// Checks a bulk-overwrite body: names, descriptions, option counts and ordering.
    static func violations(commands: [[String: Any]]) -> [String] {
        var problems: [String] = []
        if commands.count > 100 { problems.append("more than 100 commands") }
        func check(_ options: [[String: Any]], depth: Int) {
            if options.count > 25 { problems.append("more than 25 options") }
            var seenOptional = false
            for option in options {
                checkNamed(option)
                let type = option["type"] as? Int ?? 0
                if type == 1 || type == 2 {
                    if depth >= 2 { problems.append("sub-commands nested too deep") }
                    check(option["options"] as? [[String: Any]] ?? [], depth: depth + 1)
                    continue
                }
                let required = option["required"] as? Bool ?? false
                if required && seenOptional { problems.append("required option \(option["name"] ?? "") after an optional one") }
                if !required { seenOptional = true }
                if (option["choices"] as? [Any])?.count ?? 0 > 25 { problems.append("more than 25 choices") }
                if option["choices"] != nil && option["autocomplete"] as? Bool == true { problems.append("choices and autocomplete together") }
            }
        }
        func checkNamed(_ item: [String: Any]) {
            let name = item["name"] as? String ?? ""
            let validName = !name.isEmpty && name.count <= 32 && name == name.lowercased()
                && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            if !validName { problems.append("invalid name `\(name)`") }
            let description = item["description"] as? String ?? ""
            if description.isEmpty || description.count > 100 { problems.append("description of `\(name)` has \(description.count) characters") }
        }
        for command in commands {
            checkNamed(command)
            check(command["options"] as? [[String: Any]] ?? [], depth: 0)
        }
        return problems
    }
}
