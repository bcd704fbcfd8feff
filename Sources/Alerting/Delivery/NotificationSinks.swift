/// The sinks by platform (each chat platform, `email`, `webhook`). Adapters register theirs when they start, so
/// delivery to a platform that is not up yet just waits.
public actor NotificationSinks {
    private var sinks: [String: any NotificationSink] = [:]

    public init() {}

    public func register(_ platform: String, _ sink: any NotificationSink) {
        sinks[platform] = sink
    }

    public func sink(for platform: String) -> (any NotificationSink)? {
        sinks[platform]
    }
}
