/// Why a notification could not be delivered this time.
public enum DeliveryError: Error, CustomStringConvertible {
    case noSink(platform: String)

    public var description: String {
        switch self {
        case .noSink(let platform): "no sink for platform \(platform) is running"
        }
    }
}
