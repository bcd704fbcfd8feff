/// How delivery stands after a pass, for the health page.
public struct DeliveryStatus: Sendable, Equatable {
    /// Destinations whose last attempt failed and will be retried, with the error.
    public var failing: [String: String]
    /// Dead letters of the last `AlertDelivery.deadLetterWindow`, counted by destination.
    public var deadLetters: [String: Int]

    public init(failing: [String: String] = [:], deadLetters: [String: Int] = [:]) {
        self.failing = failing
        self.deadLetters = deadLetters
    }
}
