import ChatDiscord
import Foundation
import NexBoardCore
import NexBoardTesting
import Testing

@Suite("The catalog as Discord application commands")
struct DiscordCommandExportTests {
    let catalog: CommandCatalog

    init() throws {
        catalog = try CommandCatalog.load(directory: RepositoryPaths.commands)
    }

    @Test("exports Discord commands within Discord's limits")
    func discordExportWithinLimits() throws {
        let data = try DiscordApplicationCommand.json(from: catalog)
        let commands = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(commands.count <= 100)
        func check(_ object: [String: Any], depth: Int) {
            let name = object["name"] as? String ?? ""
            #expect(name == name.lowercased() && (1...32).contains(name.count), "bad name \(name)")
            let description = object["description"] as? String ?? ""
            #expect((1...100).contains(description.count), "bad description for \(name)")
            let options = object["options"] as? [[String: Any]] ?? []
            #expect(options.count <= 25, "\(name) has \(options.count) options")
            let names = options.compactMap { $0["name"] as? String }
            #expect(Set(names).count == names.count, "duplicate option in \(name)")
            // Required options first, as Discord demands.
            let required = options.map { $0["required"] as? Bool ?? false }
            #expect(required == required.sorted { $0 && !$1 }, "\(name): required options must come first")
            for option in options { check(option, depth: depth + 1) }
        }
        for command in commands { check(command, depth: 0) }
    }

    /// The Python that checks the export against the schema: `SCHEMA_PYTHON` (`.ci/run` points it at its
    /// venv), else `python3`.
    static let schemaPython = ProcessInfo.processInfo.environment["SCHEMA_PYTHON"] ?? "python3"

    static func schemaPythonHasJSONSchema() async -> Bool {
        let probe = try? await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: [schemaPython, "-c", "import jsonschema"])
        return probe?.status == 0
    }

    @Test("exports Discord commands that match Discord's OpenAPI schema", .enabled {
        try TestPeer.check("Python's jsonschema (SCHEMA_PYTHON, else python3)", present: await schemaPythonHasJSONSchema())
    })
    func discordExportMatchesSchema() async throws {
        let schema = RepositoryPaths.reference("discord/discord-openapi-subset.json")
        try #require(FileManager.default.fileExists(atPath: schema), "reference schema missing at \(schema)")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("discord-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: output) }
        try DiscordApplicationCommand.json(from: catalog).write(to: output)
        let result = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            arguments: [Self.schemaPython, RepositoryPaths.file("Tests/ChatDiscordTests/Support/validate_discord_commands.py"), schema, output.path])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
    }
}
