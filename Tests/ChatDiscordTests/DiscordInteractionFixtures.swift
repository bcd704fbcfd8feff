/// Interaction JSON as Discord sends it (interactions/receiving-and-responding.mdx), for the fake to inject.
enum DiscordInteractionFixtures {
    static let guild = "700000000000000001"
    static let channel = "800000000000000001"

    static func member(_ user: String, roles: [String] = []) -> [String: Any] {
        ["user": ["id": user, "username": "user\(user.suffix(3))"], "roles": roles]
    }

    /// `/group sub option:value …`.
    static func slash(_ path: [String], options: [(String, Any)] = [], user: String, roles: [String] = [],
                      guild: String? = guild, channel: String = channel) -> [String: Any] {
        var leafOptions: [[String: Any]] = options.map { name, value in
            ["name": name, "type": value is Int ? 4 : (value is Bool ? 5 : 3), "value": value]
        }
        var nested: [String: Any]?
        for (index, word) in path.dropFirst().enumerated().reversed() {
            let isLeaf = index == path.count - 2
            var option: [String: Any] = ["name": word, "type": isLeaf ? 1 : 2]
            option["options"] = nested.map { [$0] } ?? leafOptions
            nested = option
            leafOptions = []
        }
        var data: [String: Any] = ["id": "1", "name": path[0], "type": 1]
        data["options"] = nested.map { [$0] } ?? leafOptions
        return base(type: 2, data: data, user: user, roles: roles, guild: guild, channel: channel)
    }

    static func button(_ customID: String, message: String, user: String, roles: [String] = []) -> [String: Any] {
        var object = base(type: 3, data: ["custom_id": customID, "component_type": 2], user: user, roles: roles, guild: guild, channel: channel)
        object["message"] = ["id": message, "channel_id": channel]
        return object
    }

    static func autocomplete(_ path: [String], option: String, typed: String, user: String) -> [String: Any] {
        var object = slash(path, options: [(option, typed)], user: user)
        var data = object["data"] as! [String: Any]
        var top = data["options"] as! [[String: Any]]
        var sub = top[0]
        var leaf = sub["options"] as! [[String: Any]]
        leaf[0]["focused"] = true
        sub["options"] = leaf
        top[0] = sub
        data["options"] = top
        object["data"] = data
        object["type"] = 4
        return object
    }

    private static func base(type: Int, data: [String: Any], user: String, roles: [String], guild: String?, channel: String) -> [String: Any] {
        var object: [String: Any] = ["type": type, "data": data, "channel_id": channel]
        if let guild {
            object["guild_id"] = guild
            object["member"] = member(user, roles: roles)
        } else {
            object["user"] = ["id": user, "username": "dm-user"]
        }
        return object
    }
}
