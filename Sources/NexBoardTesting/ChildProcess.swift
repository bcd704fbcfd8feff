import Foundation

/// Runs a program to its end without blocking Swift's cooperative threads: waiting and reading
/// happen on a thread of their own. (On a 2-core machine the cooperative pool has 2 threads; one
/// blocking wait in a test can starve every other test of the process.)
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
        public var errors: String
    }

    /// - Parameter environment: the child's environment; nil: this process's.
    public static func run(_ executable: URL, arguments: [String], input: String? = nil,
                           directory: URL? = nil, environment: [String: String]? = nil) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try runBlocking(executable, arguments: arguments, input: input, directory: directory,
                                                                      environment: environment))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    private static func runBlocking(_ executable: URL, arguments: [String], input: String?, directory: URL?,
                                    environment: [String: String]?) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Each pipe is read on a thread of its own, so neither fills up while the other is read.
        let outputData = LockedData(), errorData = LockedData()
        Thread { outputData.set(PipeRead.toEnd(output.fileHandleForReading)) }.start()
        Thread { errorData.set(PipeRead.toEnd(errors.fileHandleForReading)) }.start()
        process.waitUntilExit()
        // A process started elsewhere in the test run at the same moment can inherit a copy of these
        // pipes' write ends and keep them open: once the child has ended, wait for the rest of its
        // output for a while, not forever.
        let deadline = Date().addingTimeInterval(10)
        while !(outputData.isSet && errorData.isSet), Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        return Result(status: process.terminationStatus, output: String(decoding: outputData.value, as: UTF8.self),
                      errors: String(decoding: errorData.value, as: UTF8.self))
    }

    /// Starts a long-running program (a peer such as an exporter or a homeserver) with its standard
    /// output and error appended to `log`, and records it with `StartedByTest`; `stop` ends it.
    /// - Parameters:
    ///   - directory: its working directory; nil: this process's.
    ///   - python: a Python to start it through, which unblocks SIGTERM and SIGINT first (a child
    ///     inherits the signal mask of the Swift thread that starts it, and a program that does not
    ///     unblock them itself, as Python's exporters do not, only dies of SIGKILL).
    public static func launch(_ executable: String, arguments: [String], log: URL, directory: URL? = nil,
                              python: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python ?? executable)
        process.arguments = python == nil ? arguments : ["-c", unblockSignalsAndExec, executable] + arguments
        if let directory { process.currentDirectoryURL = directory }
        if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        _ = try? handle.seekToEnd()
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? handle.close()
        StartedByTest.started(process) { await stop(process) }
        return process
    }

    /// `python -c` this, then a program and its arguments: runs the program with SIGTERM and SIGINT unblocked.
    private static let unblockSignalsAndExec =
        "import os, signal, sys; signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT}); os.execv(sys.argv[1], sys.argv[1:])"

    /// Stops a child started with Foundation's `Process`: SIGTERM, then SIGKILL if it is still
    /// running after `grace`. (A child inherits the signal mask of the thread that started it, and
    /// Swift's threads may block SIGTERM: a child that does not unblock it only dies of SIGKILL.)
    public static func stop(_ process: Process, grace: Duration = .seconds(5)) async {
        defer { StartedByTest.stopped(process) }
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }
}

private final class LockedData: @unchecked Sendable {
    // Safe: every access goes through `lock`.
    private let lock = NSLock()
    private var data: Data?

    func set(_ value: Data) { lock.withLock { data = value } }
    var isSet: Bool { lock.withLock { data != nil } }
    var value: Data { lock.withLock { data ?? Data() } }
}
