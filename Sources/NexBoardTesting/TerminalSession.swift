import Foundation

/// A program run on a pseudo-terminal, the way a person at a terminal runs it: its standard input,
/// output and error are the terminal (echo on, line editing on), so it behaves as it does for a user,
/// not as it does with pipes.
///
/// The terminal is read on a thread of its own, never on Swift's cooperative pool; `waitFor` polls
/// what has arrived. Stop the session with `stop()`, which stops the program with `ChildProcess.stop`.
public final class TerminalSession: @unchecked Sendable {
    // Safe: `process` is only started in `start`, then only waited for and terminated, which
    // Foundation's Process allows from any thread; `terminal` is a constant descriptor, closed once
    // by `stop` after the reading thread has ended; `received` synchronizes itself.
    private let process: Process
    private let terminal: Int32
    private let received = ReceivedBytes()

    public enum Failure: Error, CustomStringConvertible {
        case noPseudoTerminal(errno: Int32)

        public var description: String {
            switch self {
            case let .noPseudoTerminal(code): "cannot open a pseudo-terminal: \(String(cString: strerror(code)))"
            }
        }
    }

    private init(process: Process, terminal: Int32) {
        self.process = process
        self.terminal = terminal
    }

    /// Starts `executable` on a new pseudo-terminal.
    public static func start(_ executable: URL, arguments: [String], directory: URL? = nil) throws -> TerminalSession {
        var ends: (terminal: Int32, program: Int32) = (-1, -1)
        guard openpty(&ends.terminal, &ends.program, nil, nil, nil) == 0 else { throw Failure.noPseudoTerminal(errno: errno) }
        let (terminal, programEnd) = ends
        // Both ends close on exec, so that no other child started meanwhile (tests run in parallel)
        // keeps the terminal open; the program gets its end as descriptors 0, 1 and 2, which stay open.
        _ = fcntl(terminal, F_SETFD, FD_CLOEXEC)
        _ = fcntl(programEnd, F_SETFD, FD_CLOEXEC)
        defer { close(programEnd) }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let handle = FileHandle(fileDescriptor: programEnd, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        do {
            try process.run()
        } catch {
            close(terminal)
            throw error
        }
        let session = TerminalSession(process: process, terminal: terminal)
        let received = session.received
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(terminal, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                // EIO once the program and everything it started have closed the terminal.
                guard count > 0 else { break }
                received.append(buffer[..<count])
            }
            received.finish()
        }
        reader.name = "nexboard.terminal-session"
        reader.start()
        return session
    }

    /// How much has arrived so far: pass it to `waitFor` to look only at what comes after.
    public var mark: Int { received.count }

    /// Everything the terminal showed since `mark` (the program's output and the echo of typed lines),
    /// without carriage returns.
    public func text(since mark: Int = 0) -> String {
        String(decoding: received.bytes(from: mark), as: UTF8.self).replacingOccurrences(of: "\r", with: "")
    }

    /// Types `line` and Return.
    public func type(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(terminal, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// Waits until the terminal shows `text` after `mark`; false if it did not within `timeout`, or
    /// the program closed the terminal first.
    public func waitFor(_ text: String, since mark: Int, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            let finished = received.isFinished
            if self.text(since: mark).contains(text) { return true }
            if finished || ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits up to `timeout` for the program to end by itself; its exit status, or nil if it still runs.
    public func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Stops the program (`ChildProcess.stop`) and closes the terminal.
    public func stop() async {
        await ChildProcess.stop(process)
        // The reading thread ends when the terminal's other end is closed; a grandchild that kept it
        // open is not waited for forever.
        let deadline = ContinuousClock.now + .seconds(5)
        while !received.isFinished, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if received.isFinished { close(terminal) }
    }
}

/// What the terminal showed, appended by the reading thread.
private final class ReceivedBytes: @unchecked Sendable {
    // Safe: every access goes through `lock`.
    private let lock = NSLock()
    private var data: [UInt8] = []
    private var finished = false

    func append(_ bytes: ArraySlice<UInt8>) { lock.withLock { data += bytes } }
    func finish() { lock.withLock { finished = true } }
    var count: Int { lock.withLock { data.count } }
    var isFinished: Bool { lock.withLock { finished } }
    func bytes(from offset: Int) -> [UInt8] { lock.withLock { Array(data[min(offset, data.count)...]) } }
}
