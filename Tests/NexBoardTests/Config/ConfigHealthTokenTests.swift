import Foundation
import NexBoard
import NexBoardCore
import Testing

@Suite("The health token in the configuration")
struct ConfigHealthTokenTests {
    @Test("the health token comes inline, from the environment or from a file, and never prints")
    func healthToken() throws {
        let inline = ConfigTestSupport.minimalYAML + "\nhttp:\n  health_token: ${HEALTH}\n"
        let config = try ConfigLoader.parse(yaml: inline, baseDirectory: "/etc/nexboard", environment: ["HEALTH": "tok-SECRET"])
        #expect(config.http.healthToken?.value == "tok-SECRET")
        #expect(!String(describing: config).contains("tok-SECRET"))
        try ConfigTestSupport.withTemporaryDirectory { directory in
            try Data("file-SECRET\n".utf8).write(to: directory.appendingPathComponent("health"))
            let fromFile = try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML + "\nhttp:\n  health_token_file: health\n",
                                                  baseDirectory: directory.path, environment: [:])
            #expect(fromFile.http.healthToken?.value == "file-SECRET")
        }
        #expect(try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML, baseDirectory: "/", environment: [:]).http.healthToken == nil)
        let both = ConfigTestSupport.minimalYAML + "\nhttp:\n  health_token: tok-SECRET\n  health_token_file: /nonexistent\n"
        let problems = ConfigTestSupport.problems(both)
        #expect(problems.map(\.keyPath) == ["http.health_token"])
        #expect(!ConfigError(problems: problems).description.contains("tok-SECRET"))
        let empty = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + "\nhttp:\n  health_token: \"\"\n")
        #expect(empty.map(\.description) == ["http.health_token: is empty"])
    }
}

@Suite("http.trusted_proxies")
struct ConfigTrustedProxiesTests {
    @Test("addresses and CIDR ranges are read; a wrong entry is named with its index and what was expected")
    func trustedProxies() throws {
        let yaml = ConfigTestSupport.minimalYAML + "\nhttp:\n  trusted_proxies: [127.0.0.1, \"10.0.0.0/8\", \"fd00::/8\", 127.0.0.1]\n"
        let config = try ConfigLoader.parse(yaml: yaml, baseDirectory: "/", environment: [:])
        #expect(config.http.trustedProxies.ranges.map(\.description) == ["127.0.0.1", "10.0.0.0/8", "fd00::/8"])
        #expect(try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML, baseDirectory: "/", environment: [:]).http.trustedProxies.ranges.isEmpty)
        let wrong = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + "\nhttp:\n  trusted_proxies: [\"10.0.0.0/33\", proxy.lan, \"::1/129\"]\n")
        #expect(wrong.map(\.keyPath) == ["http.trusted_proxies[0]", "http.trusted_proxies[1]", "http.trusted_proxies[2]"])
        #expect(wrong.first?.description.contains("an IP address or CIDR range") == true)
        let notAList = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + "\nhttp:\n  trusted_proxies: 127.0.0.1\n")
        #expect(notAList.map(\.description).first?.contains("expected a list like") == true)
    }
}
