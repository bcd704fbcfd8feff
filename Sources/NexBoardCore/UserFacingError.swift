/// An error whose text may be shown to a chat user as it is.
///
/// Module errors stay typed and carry what a developer needs; the `userMessage` is the deliberate,
/// safe sentence a chat user reads: no host names, tokens or stack traces. Errors that do not conform
/// are answered with "that failed, reference `<id>`" and logged in full under the same id.
public protocol UserFacingError: Error {
    var userMessage: String { get }
}
