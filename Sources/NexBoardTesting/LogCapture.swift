import Logging
import Synchronization

/// Records every log line for assertions such as "no line holds the password" (`all`, as text) or
/// "every Proxmox request line carries the request's id" (`entries`, with their metadata).
public final class LogCapture: Sendable {
    /// One logged line: its level, message and metadata (the logger's and the line's), as text.
    public struct Entry: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]
    }

    private let lines = Mutex<[Entry]>([])

    public init() {}

    /// Every line so far, in order.
    public var entries: [Entry] { lines.withLock { $0 } }

    /// Every line as text, nothing escaped: level, message and metadata (`[key: value, ...]`, sorted).
    public var all: [String] {
        entries.map { entry in
            let metadata = entry.metadata.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            return "\(entry.level) \(entry.message) [\(metadata)]"
        }
    }

    func append(_ entry: Entry) { lines.withLock { $0.append(entry) } }

    /// A logger at trace level that writes into this capture.
    public func logger() -> Logger {
        var logger = Logger(label: "test.capture") { _ in CapturingLogHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }
}

struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        capture.append(LogCapture.Entry(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
    }
}
