import Foundation
import NexBoardCore
import Testing

@testable import Mail

/// libcurl is opened when the first email is sent, not linked: what happens when it is there, and
/// when it is not (no SMTP server needed: nothing is sent).
@Suite("libcurl opened at the first email")
struct CurlLibraryTests {
    func request() throws -> CurlTransfer.Request {
        let server = try #require(SMTPServerAddress(url: "smtp://127.0.0.1:9"))
        return CurlTransfer.Request(configuration: SMTPConfiguration(server: server, tls: .plain), sender: "bot@nexboard.test",
                                    recipients: ["ops@example.org"], bytes: Array("Subject: test\r\n\r\nbody\r\n".utf8))
    }

    @Test("the installed libcurl opens with every function a transfer calls")
    func installedLibraryOpens() throws {
        let curl = try CurlLibrary.shared.get()
        let handle = try #require(curl.easyInit())
        curl.easyCleanup(handle)
    }

    @Test("a missing libcurl fails the send with an error that names the package to install")
    func missingLibrary() throws {
        let missing = CurlLibrary.open("libcurl-nexboard-missing.so.4")
        guard case .failure(.missing(let detail)) = missing else {
            Issue.record("expected the library to be missing, got \(missing)")
            return
        }
        #expect(detail.contains("libcurl-nexboard-missing.so.4"), "\(detail)")
        let result = CurlTransfer.perform(try request(), cancellation: TransferCancellation(), library: missing)
        #expect(throws: SMTPError.libcurlMissing(detail: detail)) { try result.get() }
        let error = SMTPError.libcurlMissing(detail: detail)
        #expect("\(error)".hasPrefix("email needs libcurl (Debian: libcurl4): "), "\(error)")
        #expect(!error.userMessage.contains("libcurl-nexboard-missing"))
        #expect(!error.isPermanent)
    }

    @Test("a library that is not libcurl is refused with the function it lacks")
    func libraryWithoutCurlFunctions() {
        let result = CurlLibrary.open("libz.so.1")
        guard case .failure(.missing(let detail)) = result else {
            Issue.record("expected a missing function, got \(result)")
            return
        }
        #expect(detail.contains("curl_global_init"), "\(detail)")
    }
}
