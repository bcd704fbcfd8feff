import Foundation

/// An alert the engine tracks: its identity, what it is about, and its state machine.
public struct TrackedAlert: Sendable, Hashable, Codable {
    /// `rule@cluster:target`, stable across restarts and reloads.
    public var id: String
    public var cluster: String
    public var rule: String
    public var target: AlertTarget
    public var severity: AlertSeverity
    /// "pve2 memory", for lists and resolved messages.
    public var label: String
    public var machine: AlertStateMachine

    public init(id: String, cluster: String, rule: String, target: AlertTarget, severity: AlertSeverity, label: String,
                machine: AlertStateMachine = AlertStateMachine()) {
        self.id = id
        self.cluster = cluster
        self.rule = rule
        self.target = target
        self.severity = severity
        self.label = label
        self.machine = machine
    }

    public static func id(rule: String, cluster: String, target: String) -> String { "\(rule)@\(cluster):\(target)" }

    /// The JSON the store keeps: what `JSONEncoder` makes of the alert (`JSONDecoder` reads it back),
    /// written by hand because a cycle saves hundreds. nil when a value cannot be written (not finite).
    var savedJSON: String? {
        var json = SavedJSON()
        json.object { json in
            json.field("id", id)
            json.field("cluster", cluster)
            json.field("rule", rule)
            json.field("target") { json in
                json.field("id", target.id)
                json.field("label", target.label)
                json.field("alias", target.alias)
                json.field("node", target.node)
                json.field("tags", target.tags)
                json.field("pool", target.pool)
            }
            json.field("severity", severity.rawValue)
            json.field("label", label)
            json.field("machine") { machine.write(to: &$0) }
        }
        return json.isValid ? json.text : nil
    }

    /// Whether one of `silences` names this alert: its id, rule, target id, target name or label,
    /// `node:<node>` (`*`: any), case aside. `<cluster>:<target id>`, `<cluster>:node:<node>` and
    /// `<cluster>:*` name it on its cluster only (the silences of users whose permissions are scoped).
    public func isSilenced(by silences: [SilenceMatcher]) -> Bool {
        if silences.isEmpty { return false }
        let isASCII = SilenceMatcher.isASCII
        let namesAreASCII = isASCII(id) && isASCII(rule) && isASCII(cluster) && isASCII(target.id) && isASCII(target.alias)
            && isASCII(target.label) && isASCII(target.node)
        var lowercasedNames: [String]?
        for matcher in silences {
            if matcher.matchesAll { return true }
            if namesAreASCII, let ascii = matcher.ascii {
                if isNamed(byASCII: ascii[...]) { return true }
            } else {
                // Beyond ASCII: the names made and lowercased (once), compared as Strings.
                let names = lowercasedNames ?? silenceNames
                lowercasedNames = names
                if names.contains(matcher.lowered) { return true }
            }
        }
        return false
    }

    /// Whether `text`, a lowercased ASCII matcher, names this alert, whose names are ASCII too:
    /// lowercasing is then folding A–Z, and equal strings are equal bytes.
    private func isNamed(byASCII text: ArraySlice<UInt8>) -> Bool {
        func isNamed(_ name: String?, in text: ArraySlice<UInt8>) -> Bool {
            name.flatMap { SilenceMatcher.remainder(of: text, after: $0) }?.isEmpty == true
        }
        func isNode(_ text: ArraySlice<UInt8>) -> Bool {
            SilenceMatcher.remainder(of: text, after: "node:").map { isNamed(target.node, in: $0) } ?? false
        }
        if isNamed(id, in: text) || isNamed(rule, in: text) || isNamed(target.id, in: text) || isNamed(target.alias, in: text)
            || isNamed(target.label, in: text) || isNode(text) {
            return true
        }
        guard let afterCluster = SilenceMatcher.remainder(of: text, after: cluster), afterCluster.first == UInt8(ascii: ":") else {
            return false
        }
        let scoped = afterCluster.dropFirst()
        return scoped.elementsEqual("*".utf8) || isNamed(target.id, in: scoped) || isNamed(target.alias, in: scoped) || isNode(scoped)
    }

    /// Every name a silence may give this alert, lowercased.
    var silenceNames: [String] {
        [id, rule, target.id, target.alias, target.label, target.node.map { "node:\($0)" },
         "\(cluster):\(target.id)", target.alias.map { "\(cluster):\($0)" }, target.node.map { "\(cluster):node:\($0)" },
         "\(cluster):*"]
            .compactMap { $0?.lowercased() }
    }
}
