import Foundation
import NexBoardCore
import Synchronization

/// The token buckets of every destination, shared by the passes of one `AlertDelivery`: each
/// destination is held to the pace its sink declares (`NotificationSink.pace`), so an alert storm
/// waits in the outbox instead of meeting the platform's rate limits.
final class DeliveryRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updatedAt: Date
    }

    private let buckets = Mutex<[String: Bucket]>([:])

    /// Takes one message's token for `destination`, paced at `pace`, if there is one.
    func take(_ destination: String, pace: DeliveryPace, now: Date) -> Bool {
        buckets.withLock { buckets in
            var bucket = buckets[destination] ?? Bucket(tokens: Double(pace.burst), updatedAt: now)
            let refill = max(0, now.timeIntervalSince(bucket.updatedAt)) * Double(pace.burst) / pace.window
            bucket.tokens = min(Double(pace.burst), bucket.tokens + refill)
            bucket.updatedAt = now
            defer { buckets[destination] = bucket }
            guard bucket.tokens >= 1 - 1e-9 else { return false }  // refills are sums of fractions
            bucket.tokens -= 1
            return true
        }
    }
}
