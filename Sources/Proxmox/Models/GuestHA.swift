/// The high-availability state of a guest, from `status/current`'s `ha` object.
public struct GuestHA: Sendable, Hashable, Decodable {
    public var managed: Bool
    /// e.g. `started`, `stopped`, `error` when managed.
    public var state: String?
    public var group: String?

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        managed = c.lenientBool("managed") ?? false
        state = c.lenientString("state")
        group = c.lenientString("group")
    }
}
