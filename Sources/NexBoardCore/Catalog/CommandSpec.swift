/// The type of a command option, which decides how its value is parsed and validated.
public enum OptionType: String, Sendable, Codable, CaseIterable {
    case string, integer, boolean, choice, duration
    /// A guest by VMID or name, resolved against the cluster (with "did you mean" suggestions).
    case guest
    case node, tag, storage, pool
    /// The name of a configured cluster.
    case cluster
}

/// One option of a command, as declared in `commands/*.yaml`.
public struct CommandOption: Sendable, Equatable {
    public var name: String
    public var type: OptionType
    public var description: String
    public var required: Bool
    public var choices: [String]
    public var autocomplete: Bool
    /// The last option may take the rest of the line: `help vm stop`, a silence's reason.
    public var takesRest: Bool

    public init(name: String, type: OptionType, description: String, required: Bool = false,
                choices: [String] = [], autocomplete: Bool = false, takesRest: Bool = false) {
        self.name = name
        self.type = type
        self.description = description
        self.required = required
        self.choices = choices
        self.autocomplete = autocomplete
        self.takesRest = takesRest
    }

    /// How the value is written, for help and error messages.
    public var valueForm: String {
        switch type {
        case .string: "text"
        case .integer: "a number"
        case .boolean: "true or false"
        case .choice: choices.joined(separator: "|")
        case .duration: "a duration like 30s, 5m or 1h"
        case .guest: "a VMID or guest name"
        case .node: "a node name"
        case .tag: "a tag"
        case .storage: "a storage name"
        case .pool: "a pool name"
        case .cluster: "a cluster name"
        }
    }
}

/// A command declared once, as data. Registration, parsing, help and the permission check come from it.
public struct CommandSpec: Sendable, Equatable {
    /// The words that name the command: `["vm", "tag", "add"]`, `["overview"]`.
    public var path: [String]
    public var description: String
    /// The permission needed; nil for the few commands anyone may use (`help`, `whoami`).
    public var permission: Permission?
    /// Destructive: answered with Confirm/Cancel buttons first.
    public var confirm: Bool
    /// Follows a Proxmox task: acknowledged first, then the reply is edited until the task ends.
    public var slow: Bool
    /// Whether the command talks to a Proxmox cluster (and so accepts the common `cluster` option).
    public var usesCluster: Bool
    /// The answer is only for the person who asked (`help`, `whoami`, `audit`): platforms acknowledge
    /// it privately from the start.
    public var privateReply: Bool
    /// It changes something (in Proxmox or NexBoard's own state): its audit entry is written before
    /// it acts, and it does not act when the audit log cannot be written.
    public var changesState: Bool
    public var options: [CommandOption]
    public var examples: [String]

    public init(path: [String], description: String, permission: Permission?, confirm: Bool = false,
                slow: Bool = false, usesCluster: Bool = true, privateReply: Bool = false, changesState: Bool? = nil,
                options: [CommandOption] = [], examples: [String] = []) {
        self.path = path
        self.description = description
        self.permission = permission
        self.confirm = confirm
        self.slow = slow
        self.usesCluster = usesCluster
        self.privateReply = privateReply
        self.changesState = changesState ?? ![nil, .guestView].contains(permission)
        self.options = options
        self.examples = examples
    }

    /// `"vm tag add"`.
    public var name: String { path.joined(separator: " ") }

    /// The option that selects a cluster, present on every command that talks to one.
    public static let clusterOption = CommandOption(
        name: "cluster", type: .cluster, description: "Cluster to use (default: the first configured)")

    /// Declared options plus the common ones, in the order positional arguments fill them.
    public var allOptions: [CommandOption] {
        usesCluster ? options + [Self.clusterOption] : options
    }

    /// `vm stop <guest> [--cluster cluster]`.
    public var usage: String { usage(of: allOptions) }

    /// The usage without the common `cluster` option, for lists: whole up to 40 characters, else
    /// the optional options shortened to `[options]` (`help <command>` lists them), so that a
    /// list of commands fits a terminal's 80 columns beside their descriptions.
    public var shortUsage: String {
        let whole = usage(of: options)
        guard whole.count > 40, options.contains(where: { !$0.required }) else { return whole }
        return usage(of: options.filter(\.required)) + " [options]"
    }

    private func usage(of options: [CommandOption]) -> String {
        var parts = [name]
        for option in options {
            if option.required {
                parts.append("<\(option.name)>")
            } else if option.type == .boolean {
                parts.append("[--\(option.name)]")
            } else {
                parts.append("[--\(option.name) \(option.type == .choice ? option.valueForm : option.name)]")
            }
        }
        return parts.joined(separator: " ")
    }
}

/// A group of commands (`vm`), which a platform may show as one command with sub-commands.
public struct CommandGroup: Sendable, Equatable {
    public var name: String
    public var description: String

    public init(name: String, description: String) {
        self.name = name
        self.description = description
    }
}
