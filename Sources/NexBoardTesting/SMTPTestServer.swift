import Foundation

/// A real SMTP server for tests: aiosmtpd (PyPI) running `SMTPSink/smtp_sink.py` on 127.0.0.1 and
/// a free port, saving every message it accepts. Available when `SMTP_PYTHON` names a Python with
/// aiosmtpd installed, as `.ci/run` sets it; suites use `.enabled(if: try SMTPTestServer.required())`.
public final class SMTPTestServer: Sendable {
    public enum Mode: Sendable {
        case plain
        /// STARTTLS offered and required, with the test certificate (`certificateFile`).
        case starttls
        /// TLS from the first byte, with the test certificate.
        case implicitTLS
        /// Accepts connections and never answers (not even the greeting).
        case silent
    }

    /// One message the server accepted: the envelope, and the message as Python's email package
    /// decoded it (an independent reader of what `MIMEWriter` wrote).
    public struct Received: Sendable, Decodable {
        public var mailFrom: String
        public var rcptTos: [String]
        public var tls: Bool
        /// The user name that logged in, if any.
        public var auth: String?
        public var subject: String?
        public var from: String?
        public var to: String?
        public var messageID: String?
        public var inReplyTo: String?
        public var references: String?
        public var contentType: String
        public var text: String?
        public var html: String?
        /// The longest line of the raw message, in octets.
        public var longestLine: Int
        /// Whether the raw message had a line break that was not CRLF.
        public var bareLF: Bool
        /// The raw message, as received after DATA.
        public var raw: String = ""

        enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from", rcptTos = "rcpt_tos", tls, auth, subject, from, to, messageID = "message_id"
            case inReplyTo = "in_reply_to", references, contentType = "content_type", text, html
            case longestLine = "longest_line", bareLF = "bare_lf"
        }
    }

    /// The only password the server accepts when started with `auth: true`.
    public static let password = "smtppass"
    public static var python: String? { ProcessInfo.processInfo.environment["SMTP_PYTHON"] }
    /// The condition of a suite that needs the server: skipped without `SMTP_PYTHON`, failed under CI (see `TestPeer`).
    public static func required() throws(TestPeer.Missing) -> Bool {
        try TestPeer.check("aiosmtpd, a real SMTP server (SMTP_PYTHON)", present: python != nil)
    }
    /// The server's self-signed certificate for 127.0.0.1 and localhost: the CA file clients trust.
    public static var certificateFile: String { RepositoryPaths.file("Sources/NexBoardTesting/SMTPSink/cert.pem") }

    public let port: Int
    /// Where the messages are saved (NNNN.eml and NNNN.json).
    public let directory: URL
    private let process: BackgroundProcess

    private init(port: Int, directory: URL, process: BackgroundProcess) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    /// Starts a server; `auth` offers AUTH PLAIN and LOGIN (after TLS when there is TLS).
    public static func start(mode: Mode = .plain, auth: Bool = false) async throws -> SMTPTestServer {
        guard let python else { throw Failure.noPython }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-smtp-\(UUID().uuidString)")
        var arguments = [RepositoryPaths.file("Sources/NexBoardTesting/SMTPSink/smtp_sink.py"), directory.path]
        switch mode {
        case .plain: break
        case .starttls: arguments.append("--starttls")
        case .implicitTLS: arguments.append("--implicit-tls")
        case .silent: arguments.append("--silent")
        }
        if mode == .starttls || mode == .implicitTLS {
            arguments += ["--cert", certificateFile, "--key", RepositoryPaths.file("Sources/NexBoardTesting/SMTPSink/key.pem")]
        }
        if auth { arguments.append("--auth") }
        let (process, line) = try await BackgroundProcess.start(URL(fileURLWithPath: python), arguments: arguments)
        guard let port = Int(line.trimmingCharacters(in: .whitespaces)) else {
            await process.stop()
            throw Failure.noPort(line)
        }
        return SMTPTestServer(port: port, directory: directory, process: process)
    }

    /// Runs `body` with a started server and stops the server afterwards, also when `body` throws.
    public static func with<T>(mode: Mode = .plain, auth: Bool = false, _ body: (SMTPTestServer) async throws -> T) async throws -> T {
        let server = try await start(mode: mode, auth: auth)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case noPython
        case noPort(String)
        case timedOut(expected: Int, got: Int, errors: String)

        public var description: String {
            switch self {
            case .noPython: "SMTP_PYTHON is not set"
            case .noPort(let line): "the SMTP sink printed \"\(line)\" instead of its port"
            case let .timedOut(expected, got, errors): "expected \(expected) messages, the SMTP sink has \(got); its errors: \(errors)"
            }
        }
    }

    /// `smtp://127.0.0.1:<port>`, or `smtps://` for implicit TLS.
    public func url(scheme: String = "smtp") -> String { "\(scheme)://127.0.0.1:\(port)" }

    /// The messages received so far, oldest first.
    public func received() throws -> [Received] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try names.filter { $0.hasSuffix(".json") }.sorted().map { name in
            let json = directory.appendingPathComponent(name)
            var message = try JSONDecoder().decode(Received.self, from: Data(contentsOf: json))
            let eml = json.deletingPathExtension().appendingPathExtension("eml")
            message.raw = String(decoding: try Data(contentsOf: eml), as: UTF8.self)
            return message
        }
    }

    /// Waits (polling every 20 ms) until at least `count` messages arrived.
    public func waitForMessages(_ count: Int, timeout: Duration = .seconds(10)) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let messages = try received()
            if messages.count >= count { return messages }
            if ContinuousClock.now >= deadline {
                throw Failure.timedOut(expected: count, got: messages.count, errors: String(process.errors.suffix(2_000)))
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// What the server wrote to standard error.
    public var errors: String { process.errors }

    /// Stops the server and deletes what it saved.
    public func stop() async {
        await process.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
