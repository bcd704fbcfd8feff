import Foundation
import Testing

@testable import Mail

@Suite("The MIME writer")
struct MIMEWriterTests {
    let date = Date(timeIntervalSince1970: 1_795_000_000)  // Wed, 18 Nov 2026 11:06:40 UTC

    func render(_ message: MailMessage, boundary: String? = "BOUNDARY") -> String {
        String(decoding: MIMEWriter().render(message, boundary: boundary), as: UTF8.self)
    }

    func message(subject: String = "Hello", text: String = "Body", html: String? = nil) -> MailMessage {
        MailMessage(from: MailAddress("bot@example.org", name: "NexBoard"),
                    to: [MailAddress("a@example.org"), MailAddress("b@example.net", name: "Bee")],
                    subject: subject, text: text, html: html, messageID: "<id-1@example.org>", date: date)
    }

    @Test("a plain message has RFC 5322 headers, MIME headers and a quoted-printable body")
    func plainMessage() {
        let text = render(message())
        #expect(text.hasPrefix("Date: Wed, 18 Nov 2026 11:06:40 +0000\r\n"))
        #expect(text.contains("\r\nFrom: \"NexBoard\" <bot@example.org>\r\n"))
        #expect(text.contains("\r\nTo: a@example.org, \"Bee\" <b@example.net>\r\n"))
        #expect(text.contains("\r\nSubject: Hello\r\n"))
        #expect(text.contains("\r\nMessage-ID: <id-1@example.org>\r\n"))
        #expect(text.contains("\r\nMIME-Version: 1.0\r\n"))
        #expect(text.contains("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nBody\r\n"))
        #expect(!text.contains("multipart"))
    }

    @Test("every line ends in CRLF, even when the text used LF or CR")
    func crlfOnly() {
        let text = render(message(text: "one\ntwo\rthree\r\nfour", html: "<p>x</p>\n<p>y</p>"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        #expect(text.contains("one\r\ntwo\r\nthree\r\nfour\r\n"))
    }

    @Test("with HTML the message is multipart/alternative with the plain part first")
    func alternative() throws {
        let text = render(message(html: "<p>Body</p>"))
        #expect(text.contains("Content-Type: multipart/alternative; boundary=\"BOUNDARY\"\r\n"))
        let plain = try #require(text.range(of: "--BOUNDARY\r\nContent-Type: text/plain") as Range<String.Index>?)
        let html = try #require(text.range(of: "--BOUNDARY\r\nContent-Type: text/html") as Range<String.Index>?)
        #expect(plain.lowerBound < html.lowerBound)
        #expect(text.hasSuffix("--BOUNDARY--\r\n"))
    }

    @Test("a random boundary cannot occur in quoted-printable text")
    func randomBoundary() {
        let text = render(message(html: "<p>x</p>"), boundary: nil)
        #expect(text.contains("boundary=\"=_nexboard_"))
    }

    @Test("a non-ASCII subject becomes UTF-8 encoded words of at most 75 characters")
    func encodedSubject() throws {
        let subject = "[CRITICAL] pve2 mémoire 93 % — 🔔 " + String(repeating: "ü", count: 60)
        let text = render(message(subject: subject))
        let start = try #require(text.range(of: "Subject: "))
        let end = try #require(text.range(of: "\r\nMessage-ID"))
        let header = String(text[start.upperBound..<end.lowerBound])
        let words = header.replacingOccurrences(of: "\r\n", with: "").split(separator: " ")
        #expect(words.count > 2)
        #expect(words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        let decoded = words.map { word -> String in
            let base64 = word.dropFirst(10).dropLast(2)
            return String(decoding: Data(base64Encoded: String(base64)) ?? Data(), as: UTF8.self)
        }.joined()
        #expect(decoded == subject)
        #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    }

    @Test("a subject with a line break cannot inject a header")
    func headerInjection() {
        let text = render(message(subject: "hi\r\nBcc: victim@example.org"))
        #expect(!text.contains("\r\nBcc:"))
        #expect(text.contains("Subject: hi Bcc: victim@example.org\r\n"))
    }

    @Test("long ASCII subjects are folded at spaces")
    func folding() {
        let subject = Array(repeating: "word", count: 60).joined(separator: " ")
        let text = render(message(subject: subject))
        #expect(text.contains("\r\n word"))
        #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    }

    @Test("quoted-printable keeps lines under 77 octets and encodes '=', trailing space and UTF-8")
    func quotedPrintable() {
        let long = String(repeating: "x", count: 200)
        let encoded = MIMEEncoding.quotedPrintable("a=b \n\(long)\nünïcödé\nFrom here\n.dot")
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines[0] == "a=3Db=20")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(encoded.contains("=C3=BC"))
        #expect(encoded.contains("\r\n=46rom here\r\n"))
        #expect(lines.last == ".dot")
        let joined = lines.dropFirst().prefix(3).map { $0.hasSuffix("=") ? String($0.dropLast()) : $0 }.joined()
        #expect(joined.hasPrefix(long))
    }

    @Test("In-Reply-To, References and extra headers are written; bad header names are dropped")
    func threading() {
        var mail = message()
        mail.inReplyTo = "<first@example.org>"
        mail.references = ["<first@example.org>"]
        mail.headers = [.init("Auto-Submitted", "auto-generated"), .init("Bad Name", "x"), .init("X-Evil", "a\nb")]
        let text = render(mail)
        #expect(text.contains("\r\nIn-Reply-To: <first@example.org>\r\n"))
        #expect(text.contains("\r\nReferences: <first@example.org>\r\n"))
        #expect(text.contains("\r\nAuto-Submitted: auto-generated\r\n"))
        #expect(!text.contains("Bad Name"))
        #expect(text.contains("\r\nX-Evil: a b\r\n"))
    }

    @Test("a Message-ID made from a key keeps only RFC 5322 characters")
    func messageID() {
        #expect(MailMessage.makeMessageID(domain: "example.org", local: "a b@c..d") == "<a-b-c.d@example.org>")
        let random = MailMessage.makeMessageID(domain: "example.org")
        #expect(random.hasPrefix("<") && random.hasSuffix("@example.org>"))
        #expect(MailMessage(from: MailAddress("x@example.org"), to: [], subject: "", text: "").messageID.hasSuffix("@example.org>"))
    }
}
