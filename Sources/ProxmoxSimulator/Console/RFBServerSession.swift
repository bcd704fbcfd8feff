/*
 The start of the RFB protocol (RFC 6143) as a VNC server speaks it, enough for a client such as
 noVNC to connect and draw one frame:
 server "RFB 003.008\n" → client version (12 bytes) → server security types [1 type: None] →
 client choice (1 byte) → server SecurityResult OK → client ClientInit (1 byte) → server ServerInit
 (320×200, 32 bpp true colour, a name) → then client messages; a non-incremental
 FramebufferUpdateRequest gets one raw-encoded solid rectangle covering the screen. Incremental
 requests get nothing (nothing ever changes), so a client's update loop does not spin.
 Pure: bytes in, bytes out, no I/O.
 */

/// A VNC server's side of one RFB connection, fed the client's bytes as they arrive.
struct RFBServerSession {
    private enum State {
        case clientVersion
        case securityChoice
        case clientInit
        case messages
        case failed
    }

    static let version = Array("RFB 003.008\n".utf8)
    static let width = 320
    static let height = 200
    let name: String
    private var state = State.clientVersion
    private var buffer: [UInt8] = []
    /// Client-to-server messages read after the handshake, by type (0 SetPixelFormat … 6 ClientCutText).
    private(set) var messageCounts: [UInt8: Int] = [:]

    init(name: String) {
        self.name = name
    }

    /// What the server sends first, before the client says anything.
    var greeting: [UInt8] { Self.version }

    /// True after a protocol error; the connection should close.
    var hasFailed: Bool {
        if case .failed = state { true } else { false }
    }

    /// Takes bytes from the client; returns what the server answers.
    mutating func receive(_ bytes: [UInt8]) -> [UInt8] {
        buffer += bytes
        var output: [UInt8] = []
        while let reply = step() { output += reply }
        return output
    }

    /// Handles one complete unit from the buffer; nil when more bytes are needed.
    private mutating func step() -> [UInt8]? {
        switch state {
        case .clientVersion:
            guard let version = take(12) else { return nil }
            guard version.starts(with: Array("RFB 003.".utf8)) else {
                state = .failed
                return nil
            }
            state = .securityChoice
            return [1, 1]  // one security type: None
        case .securityChoice:
            guard let choice = take(1) else { return nil }
            guard choice == [1] else {
                state = .failed
                let reason = Array("security type not offered".utf8)
                return [0, 0, 0, 1] + Self.uint32(reason.count) + reason
            }
            state = .clientInit
            return [0, 0, 0, 0]  // SecurityResult: OK
        case .clientInit:
            guard take(1) != nil else { return nil }
            state = .messages
            return serverInit()
        case .messages:
            return message()
        case .failed:
            return nil
        }
    }

    private mutating func message() -> [UInt8]? {
        guard let type = buffer.first else { return nil }
        let length: Int
        switch type {
        case 0: length = 20
        case 2:
            guard buffer.count >= 4 else { return nil }
            length = 4 + 4 * (Int(buffer[2]) << 8 | Int(buffer[3]))
        case 3: length = 10
        case 4: length = 8
        case 5: length = 6
        case 6:
            guard buffer.count >= 8 else { return nil }
            length = 8 + (Int(buffer[4]) << 24 | Int(buffer[5]) << 16 | Int(buffer[6]) << 8 | Int(buffer[7]))
        default:
            state = .failed
            return nil
        }
        guard let bytes = take(length) else { return nil }
        messageCounts[type, default: 0] += 1
        guard type == 3, bytes[1] == 0 else { return [] }
        return Self.frame
    }

    private func serverInit() -> [UInt8] {
        let pixelFormat: [UInt8] = [32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0]
        let nameBytes = Array(name.utf8)
        return Self.uint16(Self.width) + Self.uint16(Self.height) + pixelFormat + Self.uint32(nameBytes.count) + nameBytes
    }

    /// A FramebufferUpdate with one raw rectangle of the whole screen in a dark blue (made once: a
    /// client asking for many updates gets them as fast as it reads).
    private static let frame: [UInt8] = {
        let header: [UInt8] = [0, 0] + Self.uint16(1) + Self.uint16(0) + Self.uint16(0) + Self.uint16(Self.width) + Self.uint16(Self.height)
            + [0, 0, 0, 0]
        // Little-endian 32 bpp as the client's pixel format (ServerInit's), blue 0x80, green 0x40, red 0x20.
        let pixel: [UInt8] = [0x80, 0x40, 0x20, 0]
        return header + Array([[UInt8]](repeating: pixel, count: Self.width * Self.height).joined())
    }()

    private mutating func take(_ count: Int) -> [UInt8]? {
        guard buffer.count >= count else { return nil }
        defer { buffer.removeFirst(count) }
        return Array(buffer.prefix(count))
    }

    static func uint16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xff), UInt8(value & 0xff)] }
    static func uint32(_ value: Int) -> [UInt8] { [UInt8(value >> 24 & 0xff), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)] }
}
