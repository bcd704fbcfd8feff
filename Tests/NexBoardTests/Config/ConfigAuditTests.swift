import NexBoard
import Testing

@Suite("The audit section of the configuration")
struct ConfigAuditTests {
    @Test("audit.retention defaults to 365 days and accepts 1 day to 10 years")
    func auditRetention() throws {
        let defaults = try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML, baseDirectory: "/", environment: [:])
        #expect(defaults.auditRetention == .seconds(365 * 86_400))
        let month = try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML + "\naudit:\n  retention: 30d\n", baseDirectory: "/", environment: [:])
        #expect(month.auditRetention == .seconds(30 * 86_400))
        for (value, message) in [
            ("12h", "expected a duration between 1d and 3650d, got 12h"),
            ("4000d", "expected a duration between 1d and 3650d, got 4000d"),
            ("a year", "expected a duration like 30s, 5m or 1h, got \"a year\""),
        ] {
            let problems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + "\naudit:\n  retention: \(value)\n")
            #expect(problems.map(\.description) == ["audit.retention: \(message)"])
        }
        let typo = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + "\naudit:\n  retension: 30d\n")
        #expect(typo.map(\.description) == ["audit.retension: unknown key; did you mean \"retention\"?"])
    }
}
