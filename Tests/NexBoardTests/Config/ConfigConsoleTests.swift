import NexBoard
import Testing

@Suite("The console section of the configuration")
struct ConfigConsoleTests {
    @Test("console links are proxied, open within 60s and last 2h unless configured otherwise")
    func defaults() throws {
        let config = try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML, baseDirectory: "/", environment: [:])
        #expect(config.console == ConsoleConfig(proxy: false, linkTTL: .seconds(60), maxSession: .seconds(7200)))
        let set = try ConfigLoader.parse(
            yaml: ConfigTestSupport.minimalYAML + "\nconsole:\n  subject: console:local\n  proxy: true\n  link_ttl: 2m\n  max_session: 30m\n",
            baseDirectory: "/", environment: [:])
        #expect(set.console == ConsoleConfig(proxy: true, linkTTL: .seconds(120), maxSession: .seconds(1800)))
    }

    @Test("a bad console value names its key and what is wrong")
    func badValues() {
        for (line, message) in [
            ("link_ttl: 5s", "console.link_ttl: expected a duration between 10s and 10m, got 5s"),
            ("link_ttl: 1h", "console.link_ttl: expected a duration between 10s and 10m, got 1h"),
            ("max_session: 30s", "console.max_session: expected a duration between 1m and 1d, got 30s"),
            ("max_session: 2d", "console.max_session: expected a duration between 1m and 1d, got 2d"),
            ("proxy: maybe", "console.proxy: expected true or false, got \"maybe\""),
            ("link_tl: 1m", "console.link_tl: unknown key; did you mean \"link_ttl\"?"),
        ] {
            let problems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + "\nconsole:\n  \(line)\n")
            #expect(problems.map(\.description) == [message], "\(line)")
        }
    }
}
