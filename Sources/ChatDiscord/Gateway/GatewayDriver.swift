/// Holds the gateway state machine across connections, and the time of the last IDENTIFY.
/// Shared by a session's reader and heartbeat tasks, hence an actor.
actor GatewayDriver {
    private var machine = GatewayStateMachine()
    private var lastIdentify: Duration?
    private let now: @Sendable () -> Duration

    init(now: @escaping @Sendable () -> Duration) {
        self.now = now
    }

    func handle(_ event: GatewayStateMachine.Event) -> GatewayStateMachine.Action {
        machine.handle(event)
    }

    var isReady: Bool { machine.isReady }

    /// How long to wait before the next IDENTIFY so that two are at least `interval` apart;
    /// records the identify as done at the end of that wait.
    func reserveIdentify(interval: Duration) -> Duration {
        let current = now()
        let earliest = lastIdentify.map { $0 + interval } ?? current
        let wait = max(.zero, earliest - current)
        lastIdentify = current + wait
        return wait
    }
}
