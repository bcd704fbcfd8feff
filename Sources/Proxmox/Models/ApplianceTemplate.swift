/// One downloadable appliance template of `GET /nodes/{node}/aplinfo`.
public struct ApplianceTemplate: Sendable, Hashable, Decodable {
    /// The file name, e.g. `debian-12-standard_12.7-1_amd64.tar.zst`: what a download asks for.
    public var template: String
    /// The package name without version, e.g. `debian-12-standard`.
    public var package: String
    public var version: String?
    public var os: String?
    public var section: String?
    public var headline: String?

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        template = try c.requiredString("template")
        package = c.lenientString("package") ?? template
        version = c.lenientString("version")
        os = c.lenientString("os")
        section = c.lenientString("section")
        headline = c.lenientString("headline")
    }
}
