import Foundation

/// A long-running child process (a test server) that prints one line when it is ready (its port),
/// then runs until it is stopped. Reading and waiting happen on threads of their own, never on
/// Swift's cooperative pool. Its standard error goes to a file, read back for failure messages.
public final class BackgroundProcess: @unchecked Sendable {
    // Safe: `process` is only started in `start` and then only terminated and waited for, which
    // Foundation's Process allows from any thread; the other properties are constants.
    private let process: Process
    /// The child's standard error, for diagnostics.
    public let errorLog: URL

    private init(process: Process, errorLog: URL) {
        self.process = process
        self.errorLog = errorLog
    }

    public enum Failure: Error, CustomStringConvertible {
        case exitedBeforeReady(status: Int32, errors: String)

        public var description: String {
            switch self {
            case let .exitedBeforeReady(status, errors): "the process ended (status \(status)) before it was ready: \(errors)"
            }
        }
    }

    /// Starts `executable` and returns once it printed its first line (without the line break).
    public static func start(_ executable: URL, arguments: [String]) async throws -> (process: BackgroundProcess, firstLine: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-child-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: errorLog)
        process.standardOutput = output
        process.standardError = errorHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? errorHandle.close()
        let child = BackgroundProcess(process: process, errorLog: errorLog)
        let reader = output.fileHandleForReading
        let line: String? = await withCheckedContinuation { continuation in
            let thread = Thread {
                var buffer = Data()
                var resumed = false
                while true {
                    let chunk = PipeRead.chunk(reader)
                    if chunk.isEmpty { break }
                    guard !resumed else { continue }  // keep draining so the child never blocks on a full pipe
                    buffer.append(chunk)
                    if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                        resumed = true
                        continuation.resume(returning: String(decoding: buffer[..<newline], as: UTF8.self))
                    }
                }
                if !resumed { continuation.resume(returning: nil) }
            }
            thread.start()
        }
        guard let line else {
            let errors = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            await child.stop()
            throw Failure.exitedBeforeReady(status: process.terminationStatus, errors: String(errors.suffix(2_000)))
        }
        StartedByTest.started(child) { await child.stop() }
        return (child, line)
    }

    /// The child's process id (for reading /proc/<pid>).
    public var processIdentifier: Int32 { process.processIdentifier }

    /// What the child wrote to standard error so far.
    public var errors: String {
        (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
    }

    /// Sends SIGTERM (SIGKILL if that is ignored for 5 s) and returns once the child has ended.
    public func stop() async {
        await ChildProcess.stop(process)
        try? FileManager.default.removeItem(at: errorLog)
        StartedByTest.stopped(self)
    }
}
