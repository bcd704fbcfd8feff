import NexBoardCore
import Yams

extension ConfigReader {
    static let roleNameForm = "a role name of lowercase letters, digits, - and _"

    /// The custom roles, and the names of all roles declared in the file (even those with problems, so a
    /// binding to them is not reported a second time).
    func readRoles(_ top: ConfigMapping) -> (roles: [String: [Permission]], declared: Set<String>) {
        guard let roles = mapping(top["roles"], at: top.path("roles"), parentMark: top.mark(of: "roles"), keys: nil) else {
            return ([:], [])
        }
        let known = Permission.allCases.map(\.rawValue)
        var result: [String: [Permission]] = [:]
        var declared: Set<String> = []
        for entry in roles.entries {
            let path = roles.path(entry.key)
            declared.insert(entry.key)
            guard ConfigValueForms.isName(entry.key, allowingUnderscore: true) else {
                report(path, "expected \(Self.roleNameForm)", at: entry.keyNode.mark)
                continue
            }
            guard let items = sequence(entry.value, at: path, example: "[guest.view, console.open]") else { continue }
            var permissions: [Permission] = []
            for (index, item) in items.enumerated() {
                let itemPath = "\(path)[\(index)]"
                guard let text = scalar(item, at: itemPath) else { continue }
                guard let permission = Permission(rawValue: text) else {
                    report(itemPath, "unknown permission; " + Self.notOneOf(text, known), at: item.mark)
                    continue
                }
                if !permissions.contains(permission) { permissions.append(permission) }
            }
            result[entry.key] = permissions
        }
        return (result, declared)
    }

    func readBindings(_ top: ConfigMapping, knownRoles: Set<String>, clusters: [String]) -> [BindingConfig] {
        let example = "[{role: viewer, subjects: [\"discord:80351110224678912\"]}]"
        guard let nodes = sequence(top["bindings"], at: top.path("bindings"), example: example) else { return [] }
        var bindings: [BindingConfig] = []
        for (index, node) in nodes.enumerated() {
            let path = "\(top.path("bindings"))[\(index)]"
            guard let binding = mapping(node, at: path, parentMark: node.mark, keys: ["role", "subjects", "scope"]) else { continue }

            var role = requiredString("role", in: binding, missing: "is required: a built-in role (viewer, operator, admin) or one from roles")
            if let name = role, !knownRoles.contains(name) {
                let message = "unknown role; " + Self.notOneOf(name, knownRoles.sorted())
                report(binding.path("role"), message, at: binding.mark(of: "role"))
                role = nil
            }

            let subjects = readSubjects(binding)
            var scope: ScopeConfig?
            var scopeIsValid = true
            if binding.has("scope") {
                scope = readScope(binding, clusters: clusters)
                scopeIsValid = scope != nil
            }
            if let role, let subjects, scopeIsValid {
                bindings.append(BindingConfig(role: role, subjects: subjects, scope: scope))
            }
        }
        return bindings
    }

    private func readSubjects(_ binding: ConfigMapping) -> [Subject]? {
        let path = binding.path("subjects")
        guard binding.has("subjects") else {
            report(path, "is required: a list of \(Subject.expectedForm)", at: binding.mark(of: "subjects"))
            return nil
        }
        guard let items = sequence(binding["subjects"], at: path, example: "[\"console:local\"]") else { return nil }
        if items.isEmpty {
            report(path, "is empty; list at least one of \(Subject.expectedForm)", at: binding.mark(of: "subjects"))
            return nil
        }
        var subjects: [Subject] = []
        var valid = true
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let text = scalar(item, at: itemPath) else {
                valid = false
                continue
            }
            guard let subject = Subject(text) else {
                report(itemPath, "expected a subject: \(Subject.expectedForm), got \"\(text)\"", at: item.mark)
                valid = false
                continue
            }
            subjects.append(subject)
        }
        return valid ? subjects : nil
    }

    /// The scope, or nil (with a problem) when it is wrong.
    private func readScope(_ binding: ConfigMapping, clusters: [String]) -> ScopeConfig? {
        let keys = ["clusters", "tags", "pools", "nodes", "vmids"]
        guard let scope = mapping(binding["scope"], at: binding.path("scope"), parentMark: binding.mark(of: "scope"), keys: keys) else {
            return nil
        }
        var valid = true
        func words(_ key: String, example: String) -> [(text: String, path: String, mark: Mark?)] {
            guard let items = sequence(scope[key], at: scope.path(key), example: example) else {
                valid = false
                return []
            }
            return items.enumerated().compactMap { index, item in
                let path = "\(scope.path(key))[\(index)]"
                guard let text = scalar(item, at: path) else {
                    valid = false
                    return nil
                }
                return (text, path, item.mark)
            }
        }
        var result = ScopeConfig()
        for item in words("clusters", example: "[lab]") {
            guard clusters.contains(item.text) else {
                // Only a name configured under `clusters` can be meant; an unknown one is a typo, not "none".
                if !clusters.isEmpty { report(item.path, "unknown cluster; " + Self.notOneOf(item.text, clusters), at: item.mark) }
                valid = false
                continue
            }
            result.clusters.append(item.text)
        }
        result.tags = words("tags", example: "[lab]").map(\.text)
        result.pools = words("pools", example: "[lab]").map(\.text)
        result.nodes = words("nodes", example: "[pve2]").map(\.text)
        for item in words("vmids", example: "[\"100-199\", \"250\"]") {
            guard let range = ConfigValueForms.vmidRange(item.text) else {
                report(item.path, "expected \(ConfigValueForms.vmidForm), got \"\(item.text)\"", at: item.mark)
                valid = false
                continue
            }
            result.vmids.append(range)
        }
        if valid, result == ScopeConfig() {
            report(scope.path, "lists nothing; give clusters, tags, pools, nodes or vmids, or remove scope to cover every guest of every cluster", at: scope.mark)
            valid = false
        }
        return valid ? result : nil
    }
}
