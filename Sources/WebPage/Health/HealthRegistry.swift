/// Where components report their health; `/healthz` reads it.
///
/// Components report into this actor: the store as `store`, each cluster as `cluster:<name>`, each
/// chat platform as `chat:<name>`. The latest report per name wins.
public actor HealthRegistry {
    private var components: [String: ComponentHealth] = [:]

    public init() {}

    /// Records the current state of the component called `name`.
    public func report(_ name: String, _ state: ComponentState, detail: String? = nil) {
        components[name] = ComponentHealth(name: name, state: state, detail: detail)
    }

    /// Every component's latest report, sorted by name.
    public func snapshot() -> [ComponentHealth] {
        components.values.sorted { $0.name < $1.name }
    }
}
