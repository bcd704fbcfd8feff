/// The body of `/healthz`: the overall status and every component.
public struct HealthReport: Sendable, Codable, Equatable {
    /// `ok` when every component is ok (or there are none), `down` when any is down, `degraded` otherwise.
    public var status: ComponentState
    public var components: [ComponentHealth]

    public init(components: [ComponentHealth]) {
        self.components = components
        if components.contains(where: { $0.state == .down }) {
            status = .down
        } else if components.allSatisfy({ $0.state == .ok }) {
            status = .ok
        } else {
            status = .degraded
        }
    }

    /// The same report with every `detail` removed (null), for callers who may not read them.
    public var withoutDetails: HealthReport {
        HealthReport(components: components.map { ComponentHealth(name: $0.name, state: $0.state) })
    }

    /// 503 when the status is down, 200 otherwise (a degraded process still serves).
    public var httpStatusCode: Int {
        status == .down ? 503 : 200
    }
}
