import Foundation

/// How fast one destination (a channel, a webhook, a mailing list) may receive messages: a bucket of
/// `burst` messages that refills at `burst / window`. Each platform and sink declares its own, a
/// little under what the platform itself enforces, so an alert storm waits in the outbox instead of
/// meeting rate-limit refusals.
public struct DeliveryPace: Sendable, Hashable {
    public var burst: Int
    public var window: TimeInterval

    public init(burst: Int, per window: TimeInterval) {
        precondition(burst > 0 && window > 0, "a pace needs a positive burst and window")
        self.burst = burst
        self.window = window
    }

    /// For a sink that declares none: 5 per second.
    public static let fallback = DeliveryPace(burst: 5, per: 1)
}
