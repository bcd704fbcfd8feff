import Foundation

/// Ports on 127.0.0.1 for peers that must be told their port before they start (a homeserver, an
/// exporter, Prometheus, `nexboard run`): what our own servers get by binding port 0.
public enum LoopbackPort {
    /// Failures of `free`.
    public struct Unavailable: Error, CustomStringConvertible {
        public var errno: Int32
        public var description: String { "no free port on 127.0.0.1 (errno \(errno))" }
    }

    /// A port nobody listens on now: bound to port 0 and released, for a peer that takes it a moment
    /// later (unlike a random number, never one already in use).
    public static func free() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Unavailable(errno: errno) }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw Unavailable(errno: errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
