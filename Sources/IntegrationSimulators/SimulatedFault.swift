/// A way a simulated service misbehaves, for tests of timeouts and unreadable answers.
public enum SimulatedFault: Sendable, Equatable {
    /// Answer only after `duration` on the simulator's clock.
    case delay(Duration)
    /// Answer 200 with an HTML page instead of JSON (a proxy's error page).
    case malformed
    /// Answer this HTTP status with an empty body.
    case status(Int)
}
