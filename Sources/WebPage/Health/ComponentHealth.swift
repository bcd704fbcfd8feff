/// One line of `/healthz`: a component's name, state and an optional safe detail.
public struct ComponentHealth: Sendable, Codable, Equatable {
    /// `store`, `cluster:<name>`, `chat:<name>`.
    public var name: String
    public var state: ComponentState
    /// A short reason (a version, a destination name, an error): shown only to callers on this
    /// machine or with the health token (see `HealthAudience`), and even to them never a secret.
    public var detail: String?

    public init(name: String, state: ComponentState, detail: String? = nil) {
        self.name = name
        self.state = state
        self.detail = detail
    }

    private enum CodingKeys: String, CodingKey {
        case name, state, detail
    }

    /// Always writes `detail`, as `null` when there is none, so the JSON shape is fixed.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(state, forKey: .state)
        try container.encode(detail, forKey: .detail)
    }
}
