/// `GET /nodes/{node}/{qemu|lxc}/{vmid}/config`: every key as text, plus typed conveniences.
public struct GuestConfig: Sendable, Hashable, Decodable {
    /// Every scalar key of the configuration as text (numbers and booleans converted).
    public var raw: [String: String]

    /// QEMU `name`, or LXC `hostname`.
    public var name: String? { raw["name"] ?? raw["hostname"] }
    public var hostname: String? { raw["hostname"] }
    public var tags: [String] { parseTags(raw["tags"]) }
    public var cores: Int? { raw["cores"].flatMap { Int($0) } }
    /// Memory in MiB.
    public var memory: Int? { raw["memory"].flatMap { Int($0) } }
    public var description: String? { raw["description"] }
    /// Whether the guest starts with its node.
    public var onboot: Bool { raw["onboot"].flatMap { JSONScalar.string($0).bool } ?? false }

    public init(raw: [String: String]) {
        self.raw = raw
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        var raw: [String: String] = [:]
        for key in c.allKeys {
            if let value = c.lenientString(key.stringValue) {
                raw[key.stringValue] = value
            }
        }
        self.raw = raw
    }
}
