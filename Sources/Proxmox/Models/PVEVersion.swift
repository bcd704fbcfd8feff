/// `GET /version`.
public struct PVEVersion: Sendable, Hashable, Decodable {
    /// e.g. `9.1-1`.
    public var version: String
    /// e.g. `9.1`.
    public var release: String
    public var repoid: String

    public init(version: String, release: String, repoid: String) {
        self.version = version
        self.release = release
        self.repoid = repoid
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        version = try c.requiredString("version")
        release = c.lenientString("release") ?? ""
        repoid = c.lenientString("repoid") ?? ""
    }
}
