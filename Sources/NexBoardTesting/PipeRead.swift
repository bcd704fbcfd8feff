import Foundation

/// Reads a child process's pipe on a thread of its own. Foundation's `availableData` and
/// `readDataToEndOfFile` end the whole test process when a read fails, and a signal (a child that
/// ends) can interrupt one: here an interrupted read is simply made again.
enum PipeRead {
    /// What the pipe has, up to 64 KiB, waiting until it has something; empty at its end (or on an error).
    static func chunk(_ handle: FileHandle) -> Data {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(handle.fileDescriptor, &buffer, buffer.count)
            if count >= 0 { return Data(buffer[..<count]) }
            if errno != EINTR { return Data() }
        }
    }

    /// Everything until the pipe's end.
    static func toEnd(_ handle: FileHandle) -> Data {
        var all = Data()
        while true {
            let chunk = chunk(handle)
            if chunk.isEmpty { return all }
            all.append(chunk)
        }
    }
}
