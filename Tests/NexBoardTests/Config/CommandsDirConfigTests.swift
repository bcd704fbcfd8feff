import Foundation
import NexBoard
import Testing

@Suite("commands_dir in the configuration")
struct CommandsDirConfigTests {
    @Test("without commands_dir the built-in catalog is used")
    func absent() throws {
        let config = try ConfigLoader.parse(yaml: ConfigTestSupport.minimalYAML, baseDirectory: "/etc/nexboard", environment: [:])
        #expect(config.commandsDirectory == nil)
    }

    @Test("commands_dir is resolved against the configuration's folder")
    func relative() throws {
        try ConfigTestSupport.withTemporaryDirectory { folder in
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("catalog"), withIntermediateDirectories: true)
            let yaml = ConfigTestSupport.minimalYAML + "\ncommands_dir: ./catalog\n"
            let config = try ConfigLoader.parse(yaml: yaml, baseDirectory: folder.path, environment: [:])
            #expect(config.commandsDirectory == folder.appendingPathComponent("catalog").standardizedFileURL.path)
        }
    }

    @Test("a missing folder, a file or an empty value is a problem at commands_dir", arguments: [
        ("missing", "does not exist"), ("nexboard.yaml", "is a file, expected a folder"), ("\"\"", "expected a folder path, got an empty value"),
    ])
    func problems(value: String, message: String) throws {
        try ConfigTestSupport.withTemporaryDirectory { folder in
            try "".write(to: folder.appendingPathComponent("nexboard.yaml"), atomically: true, encoding: .utf8)
            let problems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + "\ncommands_dir: \(value)\n", baseDirectory: folder.path)
            #expect(problems.map(\.keyPath) == ["commands_dir"])
            #expect(problems.first?.message.contains(message) == true, "\(problems)")
        }
    }
}
