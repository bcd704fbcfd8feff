import NexBoardTesting
import Testing

@Suite("A test's peer: skipped when missing on a developer's machine, failed under CI")
struct TestPeerTests {
    @Test("a present peer runs the test, CI or not", arguments: [[:], ["CI": "1"]])
    func present(environment: [String: String]) throws {
        #expect(try TestPeer.check("aiosmtpd", present: true, environment: environment))
    }

    @Test("a missing peer skips the test when CI is unset, empty, 0 or false", arguments: [
        [:], ["CI": ""], ["CI": "0"], ["CI": "false"], ["CI": "FALSE"],
    ])
    func skippedLocally(environment: [String: String]) throws {
        #expect(try TestPeer.check("aiosmtpd", present: false, environment: environment) == false)
    }

    @Test("a missing peer fails the test under CI, naming the peer", arguments: [["CI": "1"], ["CI": "true"]])
    func failedInCI(environment: [String: String]) {
        let error = #expect(throws: TestPeer.Missing.self) {
            try TestPeer.check("aiosmtpd (SMTP_PYTHON)", present: false, environment: environment)
        }
        #expect(error?.description.hasPrefix("aiosmtpd (SMTP_PYTHON) is missing") == true)
    }

    @Test("as a condition trait, the failure under CI is an error, not a skip")
    func conditionTrait() async throws {
        let trait: ConditionTrait = .enabled(if: try TestPeer.check("make", present: false, environment: ["CI": "1"]))
        await #expect(throws: TestPeer.Missing.self) { try await trait.evaluate() }
        let local: ConditionTrait = .enabled(if: try TestPeer.check("make", present: false, environment: [:]))
        #expect(try await local.evaluate() == false)
    }
}
