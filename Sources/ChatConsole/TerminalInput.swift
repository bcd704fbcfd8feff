import Foundation

/// Lines typed at the terminal (or piped in), read on a thread of their own.
///
/// A blocking read on Swift's cooperative pool (two threads on a 2-core machine) would stall the rest
/// of the demo. The bytes are read with `read(2)`, not `readLine()`: C stdio's `readLine()` holds
/// standard input's lock while it waits, and anything that flushes every stream waits with it.
public enum TerminalInput {
    /// The lines of `descriptor` without their line break (`\n` or `\r\n`), until end of input.
    /// A last line without a line break is yielded too.
    public static func lines(from descriptor: Int32 = STDIN_FILENO) -> AsyncStream<String> {
        AsyncStream { continuation in
            let reader = Thread {
                var splitter = LineSplitter()
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { break }
                    for line in splitter.append(buffer[..<count]) { continuation.yield(line) }
                }
                if let last = splitter.finish() { continuation.yield(last) }
                continuation.finish()
            }
            reader.name = "nexboard.terminal-reader"
            reader.start()
        }
    }
}

/// Cuts a byte stream into lines; a line's bytes are decoded as UTF-8 once it is complete.
struct LineSplitter {
    private var partial: [UInt8] = []

    mutating func append(_ bytes: some Sequence<UInt8>) -> [String] {
        var lines: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lines.append(Self.decode(partial))
                partial.removeAll(keepingCapacity: true)
            } else {
                partial.append(byte)
            }
        }
        return lines
    }

    /// The unfinished last line, if there is one.
    mutating func finish() -> String? {
        defer { partial = [] }
        return partial.isEmpty ? nil : Self.decode(partial)
    }

    private static func decode(_ bytes: [UInt8]) -> String {
        let line = bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes[...]
        return String(decoding: line, as: UTF8.self)
    }
}
