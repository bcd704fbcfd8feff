import Foundation
import NexBoardTesting
import Testing

/// `nexboard check-config` on a file whose `alerts.email` section is wrong in several ways.
@Suite("check-config and the email section")
struct EmailCheckConfigTests {
    @Test("check-config names every problem of a bad email section, and never prints the password")
    func badEmailSection() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: BinaryTests.binary.path),
                     "\(BinaryTests.binary.path) is missing: run `swift build --build-tests` before `swift test`")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("email-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
        clusters:
          - name: lab
            simulator: {}
        alerts:
          email:
            server: smtp//mail.example.org
            tls: startls
            password: topsecret-pw
            form: bot@example.org
            lists:
              - {name: ops, to: [ops@example.org, not an address]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try await ChildProcess.run(BinaryTests.binary, arguments: ["check-config", file.path], directory: RepositoryPaths.root)
        #expect(result.status == 1)
        for expected in ["alerts.email.server", "expected an SMTP URL", "alerts.email.tls", "did you mean \"starttls\"",
                         "alerts.email.password", "alerts.email.form", "did you mean \"from\"", "alerts.email.from",
                         "alerts.email.lists[0].to[1]", "\"not an address\""] {
            #expect(result.errors.contains(expected), "missing \(expected) in:\n\(result.errors)")
        }
        #expect(!result.errors.contains("topsecret-pw"))
        #expect(!result.output.contains("topsecret-pw"))
    }
}
