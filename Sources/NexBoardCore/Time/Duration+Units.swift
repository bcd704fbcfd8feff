/// A `Duration` in the units other APIs take (Foundation's `TimeInterval`, libcurl's milliseconds,
/// NIO's nanoseconds): one place for the seconds-and-attoseconds arithmetic.
extension Duration {
    /// In seconds, with the fraction.
    public var timeInterval: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Whole milliseconds, the rest dropped.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }

    /// Whole nanoseconds, the rest dropped.
    public var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
