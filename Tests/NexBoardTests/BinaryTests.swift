import Foundation
import NexBoardTesting
import Testing

/// End to end: the real `nexboard` binary, built beside the test bundle by `swift build --build-tests`.
@Suite("The nexboard binary", .serialized)
struct BinaryTests {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nexboard")
    }

    func run(_ arguments: [String], input: String? = nil) async throws -> ChildProcess.Result {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path),
                     "\(Self.binary.path) is missing: run `swift build --build-tests` before `swift test`")
        return try await ChildProcess.run(Self.binary, arguments: arguments, input: input, directory: RepositoryPaths.root)
    }

    @Test("demo --script runs the tour and prints the simulated cluster's real data")
    func demoScript() async throws {
        let result = try await run(["demo", "--script", "examples/tour.txt"])
        #expect(result.status == 0, "\(result.errors)\n\(result.output)")
        let output = result.output
        #expect(output.contains("> vm list --tag lab"))
        #expect(output.contains("k3s-node1"))
        #expect(output.contains("(web01) stopped"), "\(output)")
        #expect(output.contains("(web01) started"))
        #expect(output.contains("Cancelled"))
        #expect(output.contains("Did you mean `plex`"))
        #expect(output.contains("nodes online"))
        #expect(output.contains("%"))
        #expect(output.contains("Tagged CT"))
    }

    @Test("demo --script - reads standard input; bad lines are answered, not fatal")
    func demoScriptFromStandardInput() async throws {
        let result = try await run(["demo", "--script", "-"], input: "nodes\nfrobnicate\nvm stop\nconfirm\n")
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("pve1"))
        #expect(result.output.contains("There is no command `frobnicate`"))
        #expect(result.output.contains("needs `guest`"))
        #expect(result.output.contains("no button to press"))
    }

    @Test("check-config accepts the example and names every problem of a broken file")
    func checkConfig() async throws {
        let good = try await run(["check-config", "config/demo.yaml"])
        #expect(good.status == 0, "\(good.errors)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try """
        log_level: loud
        clusters:
          - name: Home Lab
            url: ftp://pve
            timeout: soon
        bindings:
          - role: wizard
            subjects: ["discord:alice"]
        """.write(to: file, atomically: true, encoding: .utf8)
        let bad = try await run(["check-config", file.path])
        #expect(bad.status == 1)
        for path in ["log_level", "clusters[0].name", "clusters[0].url", "clusters[0].timeout", "bindings[0].role", "bindings[0].subjects[0]"] {
            #expect(bad.errors.contains(path), "missing \(path) in:\n\(bad.errors)")
        }
    }

    @Test("commands export prints Discord JSON, a Slack manifest and Markdown")
    func export() async throws {
        let discord = try await run(["commands", "export", "--format", "discord"])
        #expect(discord.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(discord.output.utf8)) as? [[String: Any]]
        #expect(json?.contains { $0["name"] as? String == "vm" } == true)
        #expect(try await run(["commands", "export", "--format", "slack"]).output.contains("/nex"))
        #expect(try await run(["commands", "export", "--format", "markdown"]).output.contains("# NexBoard command reference"))
        #expect(try await run(["commands", "export", "--format", "pdf"]).status != 0)
    }

    @Test("simulator refuses a bad listen address or token before it starts", arguments: [
        ["simulator", "--listen", "nowhere"], ["simulator", "--token", "no-separator"], ["simulator", "--nodes", "0"],
    ])
    func simulatorValidation(arguments: [String]) async throws {
        let result = try await run(arguments)
        #expect(result.status == 64, "\(result.errors)")
        #expect(result.errors.contains("Error:"))
    }

    @Test("version prints the version")
    func version() async throws {
        #expect(try await run(["version"]).output.hasPrefix("nexboard "))
    }
}
