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
