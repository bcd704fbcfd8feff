import CCurl
import Foundation
import NexBoardCore

/*
 One SMTP transfer with libcurl's easy interface. `perform` blocks its thread until the server has
 the message or the transfer failed, so it must run on a thread of its own, never on Swift's
 cooperative pool (SMTPMailer starts one per send). The C callbacks get their context through
 `userdata` pointers to objects that live for the whole call and are used only on that thread.
 */

enum CurlTransfer {
    /// What one transfer needs; all plain values, handed to the transfer's thread.
    struct Request: Sendable {
        var configuration: SMTPConfiguration
        var sender: String
        var recipients: [String]
        var bytes: [UInt8]
    }

    /// Sends `request`, blocking the calling thread. `library`: the libcurl to use (the process's
    /// own, opened at the first email, unless a test passes another).
    static func perform(_ request: Request, cancellation: TransferCancellation,
                        library: Result<CurlLibrary, CurlLibrary.Unavailable> = CurlLibrary.shared) -> Result<Void, SMTPError> {
        let configuration = request.configuration
        let server = configuration.server.description
        let curl: CurlLibrary
        switch library {
        case .success(let opened): curl = opened
        case .failure(.missing(let detail)): return .failure(.libcurlMissing(detail: detail))
        case .failure(.cannotStart(let code)):
            return .failure(.other(server: server, curlCode: code, detail: "libcurl could not start", reply: nil))
        }
        guard let handle = curl.easyInit() else {
            return .failure(.other(server: server, curlCode: 0, detail: "libcurl could not create a handle", reply: nil))
        }
        defer { curl.easyCleanup(handle) }

        var recipients: UnsafeMutablePointer<curl_slist>?
        for recipient in request.recipients {
            recipients = curl.slistAppend(recipients, "<\(recipient)>")
        }
        defer { curl.slistFreeAll(recipients) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(nb_curl_error_size))
        errorBuffer.initialize(repeating: 0, count: Int(nb_curl_error_size))
        defer { errorBuffer.deallocate() }

        let upload = UploadSource(request.bytes)
        let transcript = ReplyTranscript()
        let context = TransferContext(upload: upload, transcript: transcript, cancellation: cancellation,
                                      requiresLogin: configuration.username != nil)
        let contextPointer = Unmanaged.passUnretained(context).toOpaque()

        let setopt = curl.setopt
        var setup: [CURLcode] = [
            nb_curl_setopt_string(setopt, handle, CURLOPT_URL, configuration.server.url),
            nb_curl_setopt_string(setopt, handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps"),
            nb_curl_setopt_long(setopt, handle, CURLOPT_NOSIGNAL, 1),
            nb_curl_setopt_buffer(setopt, handle, CURLOPT_ERRORBUFFER, errorBuffer),
            nb_curl_setopt_long(setopt, handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(configuration.connectTimeout)),
            nb_curl_setopt_long(setopt, handle, CURLOPT_TIMEOUT_MS, milliseconds(configuration.timeout)),
            nb_curl_setopt_string(setopt, handle, CURLOPT_MAIL_FROM, "<\(request.sender)>"),
            nb_curl_setopt_slist(setopt, handle, CURLOPT_MAIL_RCPT, recipients),
            nb_curl_setopt_long(setopt, handle, CURLOPT_UPLOAD, 1),
            nb_curl_setopt_off_t(setopt, handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(request.bytes.count)),
            nb_curl_set_read(setopt, handle, TransferContext.readCallback, contextPointer),
            nb_curl_set_progress(setopt, handle, TransferContext.progressCallback, contextPointer),
            nb_curl_set_debug(setopt, handle, TransferContext.debugCallback, contextPointer),
        ]
        let useSSL = switch configuration.tls {
        case .starttls, .implicit: CURLUSESSL_ALL
        case .plain: CURLUSESSL_NONE
        }
        setup.append(nb_curl_setopt_long(setopt, handle, CURLOPT_USE_SSL, Int(useSSL.rawValue)))
        if let caFile = configuration.caFile {
            setup.append(nb_curl_setopt_string(setopt, handle, CURLOPT_CAINFO, caFile))
        }
        if let username = configuration.username {
            setup.append(nb_curl_setopt_string(setopt, handle, CURLOPT_USERNAME, username))
            setup.append(nb_curl_setopt_string(setopt, handle, CURLOPT_PASSWORD, configuration.password?.value ?? ""))
        }
        if let failed = setup.first(where: { $0 != CURLE_OK }) {
            return .failure(.other(server: server, curlCode: Int(failed.rawValue), detail: curl.text(for: failed), reply: nil))
        }

        let code = withExtendedLifetime(context) { curl.easyPerform(handle) }
        guard code != CURLE_OK else { return .success(()) }
        if context.abortedWithoutLogin {
            return .failure(.loginUnavailable(server: server, username: configuration.username ?? ""))
        }
        let detail = scrub(errorBuffer[0] != 0 ? String(cString: errorBuffer) : curl.text(for: code),
                           password: configuration.password)
        let refusal = transcript.lastRefusal.map { SMTPReply(code: $0.code, text: scrub($0.text, password: configuration.password)) }
        return .failure(error(for: code, detail: detail, refusal: refusal, configuration: configuration))
    }

    /// Sorts libcurl's result into the error a reader understands.
    /// `refusal` is the server's last 4xx/5xx reply, if any.
    private static func error(for code: CURLcode, detail: String, refusal: SMTPReply?, configuration: SMTPConfiguration) -> SMTPError {
        let server = configuration.server.description
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST:
            return .cannotResolve(server: server)
        case CURLE_COULDNT_CONNECT:
            return .cannotConnect(server: server)
        case CURLE_LOGIN_DENIED:
            return .loginRefused(server: server, username: configuration.username ?? "(no user)", reply: refusal)
        case CURLE_USE_SSL_FAILED:
            return .startTLSUnavailable(server: server)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM:
            return .tlsFailed(server: server, detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(server: server, after: configuration.timeout)
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_WEIRD_SERVER_REPLY, CURLE_UPLOAD_FAILED:
            if let refusal { return .rejected(server: server, detail: detail, reply: refusal) }
            return code == CURLE_WEIRD_SERVER_REPLY
                ? .other(server: server, curlCode: Int(code.rawValue), detail: detail, reply: nil)
                : .connectionLost(server: server, detail: detail)
        default:
            return .other(server: server, curlCode: Int(code.rawValue), detail: detail, reply: refusal)
        }
    }

    /// Removes the password (and its base64 forms, as AUTH PLAIN and LOGIN send it) from a text.
    static func scrub(_ text: String, password: Secret?) -> String {
        guard let password, !password.isEmpty else { return text }
        var result = text.replacingOccurrences(of: password.value, with: "<redacted>")
        let encoded = Data(password.value.utf8).base64EncodedString()
        if encoded.count >= 4 { result = result.replacingOccurrences(of: encoded, with: "<redacted>") }
        return result
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        max(1, Int(duration.wholeMilliseconds))
    }
}

// MARK: Callback context

/// The message's bytes, handed to libcurl in the pieces it asks for.
private final class UploadSource {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// Keeps the server's last refusal (a 4xx or 5xx reply line); the QUIT that follows a failure
/// is answered with 221, which must not hide it. Notes a successful login (235).
private final class ReplyTranscript {
    var lastRefusal: SMTPReply?
    var loggedIn = false
    private var partial = ""

    func received(_ text: String) {
        // "\r\n" is one Character in Swift, so split on any newline Character, not on "\n".
        let lines = (partial + text).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        partial = String(lines.last ?? "")
        for line in lines.dropLast() {
            guard let reply = SMTPReply(line: String(line)) else { continue }
            if reply.code >= 400 { lastRefusal = reply }
            if reply.code == 235 { loggedIn = true }
        }
    }
}

private final class TransferContext {
    let upload: UploadSource
    let transcript: ReplyTranscript
    let cancellation: TransferCancellation
    /// libcurl goes on without logging in when the server offers no AUTH: with a user configured,
    /// the message is held back at DATA instead (the upload is aborted before its first byte).
    let requiresLogin: Bool
    var abortedWithoutLogin = false

    init(upload: UploadSource, transcript: ReplyTranscript, cancellation: TransferCancellation, requiresLogin: Bool) {
        self.upload = upload
        self.transcript = transcript
        self.cancellation = cancellation
        self.requiresLogin = requiresLogin
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> TransferContext? {
        pointer.map { Unmanaged<TransferContext>.fromOpaque($0).takeUnretainedValue() }
    }
}

/// The C callbacks: plain functions with no captures, their state behind `userdata`.
private extension TransferContext {
    static let readCallback: nb_curl_read_callback = { buffer, size, count, userdata in
        guard let buffer, let context = TransferContext.from(userdata) else { return 0 }
        if context.requiresLogin, !context.transcript.loggedIn {
            context.abortedWithoutLogin = true
            return Int(CURL_READFUNC_ABORT)
        }
        let upload = context.upload
        let length = min(size * count, upload.bytes.count - upload.offset)
        guard length > 0 else { return 0 }
        upload.bytes.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + upload.offset, byteCount: length)
        }
        upload.offset += length
        return length
    }

    static let progressCallback: nb_curl_progress_callback = { userdata, _, _, _, _ in
        TransferContext.from(userdata)?.cancellation.isCancelled == true ? 1 : 0
    }

    /// Only what the server sent (CURLINFO_HEADER_IN) is kept: what the client sent includes AUTH.
    static let debugCallback: nb_curl_debug_callback = { _, type, data, size, userdata in
        guard type == CURLINFO_HEADER_IN, let data, let context = TransferContext.from(userdata) else { return 0 }
        let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
        context.transcript.received(text)
        return 0
    }
}
