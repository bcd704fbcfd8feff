import Foundation

/// The inbound events chat platforms handled, kept until they expire.
public protocol HandledEvents: Sendable {
    /// Records `key` until `expires`; false when it is already there and not expired at `now`.
    /// Expired keys are deleted on the way.
    func record(_ key: String, until expires: Date, now: Date) async throws -> Bool
}
