/// Why a notification could not be delivered this time.
///
/// A sink throws `.permanent` to say that retrying cannot help (the destination answered 401, 403,
/// 404 or 410, the mail server refused the recipient for good): the outbox row becomes a dead letter
/// at once instead of retrying. Any other error is retried with backoff until the age limit.
public enum DeliveryError: Error, CustomStringConvertible {
    case noSink(platform: String)
    /// Refused for good; `reason` is shown in the alert history ("the webhook answered HTTP 404").
    case permanent(reason: String)

    public var description: String {
        switch self {
        case .noSink(let platform): "no sink for platform \(platform) is running"
        case .permanent(let reason): reason
        }
    }

    /// HTTP statuses that say the destination is gone or will not take posts from us: 401, 403, 404, 410.
    public static func isPermanent(httpStatus: Int) -> Bool {
        [401, 403, 404, 410].contains(httpStatus)
    }
}
