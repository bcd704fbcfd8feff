import Foundation
import Synchronization

/// How fast one destination (a channel, a webhook, a mailing list) may receive messages: a bucket of
/// `burst` messages that refills at `burst / window`. Limits are per platform, each one a little under
/// what the platform itself enforces, so an alert storm queues in the outbox instead of meeting 429s.
public struct DeliveryRateLimit: Sendable, Hashable {
    public var burst: Int
    public var window: TimeInterval

    public init(burst: Int, per window: TimeInterval) {
        precondition(burst > 0 && window > 0, "a rate limit needs a positive burst and window")
        self.burst = burst
        self.window = window
    }

    /// What each platform allows per channel:
    /// - Discord: 5 messages per 5 s in a channel;
    /// - Slack: about one message per second per channel, short bursts tolerated;
    /// - Matrix: Synapse's default `rc_message` (burst 10, then 0.2 per second);
    /// - webhooks: Discord's and ntfy's incoming webhooks allow about 30 a minute;
    /// - email: 10 a minute, so a storm does not look like spam to the relay;
    /// - anything else (the console): 5 per second.
    public static let platformDefaults: [String: DeliveryRateLimit] = [
        "discord": DeliveryRateLimit(burst: 5, per: 5),
        "slack": DeliveryRateLimit(burst: 3, per: 3),
        "matrix": DeliveryRateLimit(burst: 10, per: 50),
        "webhook": DeliveryRateLimit(burst: 30, per: 60),
        "email": DeliveryRateLimit(burst: 10, per: 60),
    ]
    public static let fallback = DeliveryRateLimit(burst: 5, per: 1)
}

/// The token buckets of every destination, shared by the passes of one `AlertDelivery`.
final class DeliveryRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updatedAt: Date
    }

    private let limits: [String: DeliveryRateLimit]
    private let fallback: DeliveryRateLimit
    private let buckets = Mutex<[String: Bucket]>([:])

    init(limits: [String: DeliveryRateLimit], fallback: DeliveryRateLimit) {
        self.limits = limits
        self.fallback = fallback
    }

    func limit(for platform: String) -> DeliveryRateLimit {
        limits[platform] ?? fallback
    }

    /// Takes one message's token for `destination` if there is one.
    func take(_ destination: String, platform: String, now: Date) -> Bool {
        let limit = limit(for: platform)
        return buckets.withLock { buckets in
            var bucket = buckets[destination] ?? Bucket(tokens: Double(limit.burst), updatedAt: now)
            let refill = max(0, now.timeIntervalSince(bucket.updatedAt)) * Double(limit.burst) / limit.window
            bucket.tokens = min(Double(limit.burst), bucket.tokens + refill)
            bucket.updatedAt = now
            defer { buckets[destination] = bucket }
            guard bucket.tokens >= 1 - 1e-9 else { return false }  // refills are sums of fractions
            bucket.tokens -= 1
            return true
        }
    }
}
