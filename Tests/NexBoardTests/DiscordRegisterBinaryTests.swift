import Foundation
import Logging
import NexBoardTesting
import TestScopes
import Testing

/// `nexboard commands register` against the fake Discord, through the real binary.
@Suite("nexboard commands register", .stopsWhatItStarts)
struct DiscordRegisterBinaryTests {
    @Test("registers the catalog per configured guild, and refuses a configuration without discord")
    func registers() async throws {
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        let binary = BinaryTests.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "run `swift build --build-tests` first")
        let fake = try await FakeDiscord.start(logger: quiet)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("discord-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        let result: Result<ChildProcess.Result, any Error>
        do {
            try """
            log_level: error
            clusters:
              - name: lab
                simulator: {}
            discord:
              token: \(fake.token)
              application_id: "\(fake.applicationID)"
              guild_ids: ["700", "701"]
              api_url: \(fake.apiURL)
            """.write(to: file, atomically: true, encoding: .utf8)
            result = .success(try await ChildProcess.run(binary, arguments: ["commands", "register", "--config", file.path],
                                                         directory: RepositoryPaths.root))
        } catch {
            result = .failure(error)
        }
        let requests = await fake.requests()
        await fake.stop()
        let run = try result.get()
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("guild 700, guild 701"))
        #expect(requests.map(\.path) == ["/applications/100/guilds/700/commands", "/applications/100/guilds/701/commands"])
        #expect(requests.allSatisfy { $0.status == 200 && $0.violations.isEmpty })

        let without = try await ChildProcess.run(binary, arguments: ["commands", "register", "--config", "config/demo.yaml"],
                                                 directory: RepositoryPaths.root)
        #expect(without.status != 0)
        #expect(without.errors.contains("no discord section"))
    }
}
