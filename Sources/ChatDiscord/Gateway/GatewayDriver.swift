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

    /// Takes the IDENTIFY slot and returns zero when the last IDENTIFY was at least `interval` ago;
    /// otherwise takes nothing and returns how long to wait before asking again. Nothing is reserved
    /// ahead: a connection lost while it waits does not push the next connection's IDENTIFY back.
    func takeIdentifySlot(interval: Duration) -> Duration {
        let current = now()
        if let last = lastIdentify, current < last + interval {
            return last + interval - current
        }
        lastIdentify = current
        return .zero
    }
}
