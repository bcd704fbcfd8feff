import Yams

/// A YAML mapping being read by `ConfigReader`: its entries in file order, with their key path.
struct ConfigMapping {
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    /// The mapping's own key path (`clusters[0]`); empty for the document root.
    let path: String
    /// Where the mapping starts, to place problems about keys it lacks.
    let mark: Mark?
    let entries: [Entry]

    /// An absent mapping (an optional section left out).
    static func empty(at path: String, mark: Mark?) -> ConfigMapping {
        ConfigMapping(path: path, mark: mark, entries: [])
    }

    /// The key path of `key` in this mapping: `clusters[0].timeout`.
    func path(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// The value of `key`, or nil when the key is absent or its value is null (`key:`, `~`, `null`).
    subscript(key: String) -> Node? {
        guard let value = entries.first(where: { $0.key == key })?.value, !value.isConfigNull else { return nil }
        return value
    }

    /// Whether `key` is written with a non-null value.
    func has(_ key: String) -> Bool {
        self[key] != nil
    }

    /// Whether `key` is written at all, even with a null value.
    func mentions(_ key: String) -> Bool {
        entries.contains { $0.key == key }
    }

    /// Where the value of `key` is, or where the mapping is when the key is absent.
    func mark(of key: String) -> Mark? {
        entries.first(where: { $0.key == key })?.value.mark ?? mark
    }
}
