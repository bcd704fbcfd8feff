/// An error that says retrying cannot help: the destination refuses for good (a channel that is
/// gone, a token without the right). Alert delivery makes the notification a dead letter at once.
public protocol PermanentFailure: Error {
    /// Why, for the alert history ("the platform refused it (HTTP 404)"); nil when this instance is not
    /// permanent (a server error of the same type).
    var permanentReason: String? { get }
}
