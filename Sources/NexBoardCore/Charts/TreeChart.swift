/// A tree drawn with box lines (the topology: cluster → nodes → bridges → guests).
///
///     homelab
///     ├─ pve1
///     │  └─ vmbr0  10.0.0.11/24  LAN
///     └─ pve2
public struct TreeChart: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var label: String
        public var children: [Node]

        public init(_ label: String, _ children: [Node] = []) {
            self.label = label
            self.children = children
        }
    }

    public var root: Node

    public init(root: Node) {
        self.root = root
    }

    /// Lines no wider than `width` (longer ones end in `…`); after `maxLines`, "and N more lines".
    public func render(width: Int = 80, maxLines: Int = 200) -> String {
        var lines: [String] = [DisplayWidth.truncate(root.label, to: width)]
        func walk(_ node: Node, prefix: String) {
            for (index, child) in node.children.enumerated() {
                let last = index == node.children.count - 1
                lines.append(DisplayWidth.truncate(prefix + (last ? "└─ " : "├─ ") + child.label, to: width))
                walk(child, prefix: prefix + (last ? "   " : "│  "))
            }
        }
        walk(root, prefix: "")
        guard lines.count > maxLines else { return lines.joined(separator: "\n") }
        let hidden = lines.count - maxLines
        return (lines.prefix(maxLines) + ["and \(hidden) more lines"]).joined(separator: "\n")
    }
}
