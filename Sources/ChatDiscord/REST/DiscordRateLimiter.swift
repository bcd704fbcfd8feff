/*
 Discord's rate limits, learnt from the responses (topics/rate-limits.mdx).

 A route (method + path with its top-level resource) maps to a bucket once a response named it in
 `X-RateLimit-Bucket`; the bucket has a remaining count and a reset time from `X-RateLimit-Remaining`
 and `X-RateLimit-Reset-After`. Before each request the caller asks how long to wait: until the
 global limit lifts, and, when its bucket has nothing left, until the bucket resets. Waiting takes a
 slot (remaining - 1), so concurrent requests on one bucket queue instead of all hitting a 429.
 Times are durations since an origin on the caller's clock; the limiter itself never reads a clock.
 */

/// Per-route buckets and the global limit, as the REST client learns them from Discord's headers.
actor DiscordRateLimiter {
    private struct Bucket {
        var remaining: Int
        var resetAt: Duration
    }

    private var bucketOfRoute: [String: String] = [:]
    private var buckets: [String: Bucket] = [:]
    private var globalResetAt: Duration = .zero

    /// How long to wait before sending on `route` at time `now`; takes a slot of the bucket.
    func reserve(route: String, now: Duration) -> Duration {
        var wait = max(.zero, globalResetAt - now)
        if let id = bucketOfRoute[route], var bucket = buckets[id] {
            if bucket.resetAt <= now + wait {
                // The window has passed; Discord refills it, and the next response says by how much.
                bucket.remaining = max(bucket.remaining, 1)
                bucket.resetAt = now + wait
            }
            if bucket.remaining <= 0 {
                wait = max(wait, bucket.resetAt - now)
            } else {
                bucket.remaining -= 1
            }
            buckets[id] = bucket
        }
        return wait
    }

    /// Records the rate-limit headers of a response received at `now`.
    func update(route: String, headers: RateLimitHeaders, now: Duration) {
        guard let id = headers.bucket else { return }
        bucketOfRoute[route] = id
        if let remaining = headers.remaining, let resetAfter = headers.resetAfter {
            buckets[id] = Bucket(remaining: remaining, resetAt: now + resetAfter)
        }
    }

    /// A 429: the bucket (or everything, when global) is closed for `retryAfter`.
    func limited(route: String, retryAfter: Duration, global: Bool, now: Duration) {
        if global {
            globalResetAt = max(globalResetAt, now + retryAfter)
        } else if let id = bucketOfRoute[route] {
            buckets[id] = Bucket(remaining: 0, resetAt: now + retryAfter)
        }
    }
}

/// The rate-limit headers of one response.
struct RateLimitHeaders: Sendable, Equatable {
    var bucket: String?
    var remaining: Int?
    var resetAfter: Duration?
    var global: Bool
    var retryAfter: Duration?

    init(bucket: String? = nil, remaining: Int? = nil, resetAfter: Duration? = nil, global: Bool = false, retryAfter: Duration? = nil) {
        self.bucket = bucket
        self.remaining = remaining
        self.resetAfter = resetAfter
        self.global = global
        self.retryAfter = retryAfter
    }

    init(lookup: (String) -> String?) {
        bucket = lookup("x-ratelimit-bucket")
        remaining = lookup("x-ratelimit-remaining").flatMap { Int($0) }
        resetAfter = lookup("x-ratelimit-reset-after").flatMap(Self.seconds)
        global = lookup("x-ratelimit-global").map { $0.lowercased() == "true" } ?? false
        retryAfter = lookup("retry-after").flatMap(Self.seconds)
    }

    static func seconds(_ text: String) -> Duration? {
        guard let value = Double(text), value.isFinite, value >= 0 else { return nil }
        return .milliseconds(Int64((value * 1000).rounded(.up)))
    }
}
