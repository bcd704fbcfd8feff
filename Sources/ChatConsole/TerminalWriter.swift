import Foundation

/// Writes text to a file descriptor (the demo's standard output) from a thread of its own.
///
/// `write` queues the text and returns at once, so a terminal that does not take output (a full
/// pseudo-terminal buffer, Ctrl-S) stalls only this thread, never Swift's cooperative pool. The bytes
/// go out with `write(2)`, not through C stdio: no stream lock is taken, so output never waits for
/// standard input's lock (held by a blocking read), which a `fflush(nil)` would.
public final class TerminalWriter: Sendable {
    private let queue: OutputQueue

    /// Starts the writing thread; it ends when the writer is released and everything queued is written.
    public init(descriptor: Int32 = STDOUT_FILENO) {
        let queue = OutputQueue()
        self.queue = queue
        let thread = Thread { queue.drain(to: descriptor) }
        thread.name = "nexboard.terminal-writer"
        thread.start()
    }

    deinit {
        queue.close()
    }

    /// Queues `text` exactly as given (add the line break yourself).
    public func write(_ text: String) {
        queue.append(Array(text.utf8))
    }

    /// Returns once everything queued before the call has been written (or could not be: the terminal is gone).
    public func flush() async {
        await withCheckedContinuation { continuation in
            queue.whenWritten(continuation)
        }
    }
}

/// The bytes waiting for the writing thread, and who waits for them to be written.
private final class OutputQueue: @unchecked Sendable {
    // Safe: every mutable property is read and written with `condition` locked.
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    /// Bytes queued since the start, and bytes the thread has finished with (written or dropped).
    private var queued = 0
    private var finished = 0
    private var waiters: [(until: Int, continuation: CheckedContinuation<Void, Never>)] = []
    private var closed = false

    func append(_ bytes: [UInt8]) {
        condition.withLock {
            pending += bytes
            queued += bytes.count
            condition.signal()
        }
    }

    func whenWritten(_ continuation: CheckedContinuation<Void, Never>) {
        let resumeNow = condition.withLock {
            if finished >= queued { return true }
            waiters.append((queued, continuation))
            return false
        }
        if resumeNow { continuation.resume() }
    }

    func close() {
        condition.withLock {
            closed = true
            condition.signal()
        }
    }

    /// The writing thread's loop: takes what is queued, writes it, tells the waiters, until closed and empty.
    func drain(to descriptor: Int32) {
        while true {
            condition.lock()
            while pending.isEmpty, !closed { condition.wait() }
            if pending.isEmpty {
                condition.unlock()
                return
            }
            let chunk = pending
            pending.removeAll(keepingCapacity: true)
            condition.unlock()

            Self.writeAll(chunk, to: descriptor)

            let ready: [CheckedContinuation<Void, Never>] = condition.withLock {
                finished += chunk.count
                let done = waiters.filter { $0.until <= finished }.map(\.continuation)
                waiters.removeAll { $0.until <= finished }
                return done
            }
            for continuation in ready { continuation.resume() }
        }
    }

    /// Writes every byte, retrying after a signal or a partial write, and waiting when the descriptor
    /// is non-blocking and full. Gives up on any other error (the terminal has gone away).
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else if written < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                    var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, -1)
                } else {
                    return
                }
            }
        }
    }
}
