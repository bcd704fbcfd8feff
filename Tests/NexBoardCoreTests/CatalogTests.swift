import Foundation
import NexBoardCore
import NexBoardTesting
import Testing

@Suite("The shipped command catalog")
struct CatalogTests {
    let catalog: CommandCatalog

    init() throws {
        catalog = try CommandCatalog.load(directory: RepositoryPaths.commands)
    }

    @Test("loads with the commands the core issue asks for")
    func loadsEveryCoreCommand() {
        let names = Set(catalog.commands.map(\.name))
        for expected in ["help", "whoami", "overview", "nodes", "node", "vm list", "vm show", "vm start", "vm stop",
                         "vm shutdown", "vm reboot", "vm suspend", "vm resume", "vm tag add", "vm tag remove",
                         "storage", "tasks", "events", "audit"] {
            #expect(names.contains(expected), "missing \(expected)")
        }
    }

    @Test("asks for confirmation before stop and reboot only among power actions")
    func destructiveCommandsConfirm() {
        #expect(catalog.spec(named: "vm stop")?.confirm == true)
        #expect(catalog.spec(named: "vm reboot")?.confirm == true)
        #expect(catalog.spec(named: "vm start")?.confirm == false)
        #expect(catalog.spec(named: "audit")?.permission == .admin)
    }

    @Test("rejects a command declared twice")
    func rejectsDuplicates() {
        let spec = CommandSpec(path: ["nodes"], description: "x", permission: .guestView)
        #expect(throws: CatalogError.self) { try CommandCatalog(groups: [], commands: [spec, spec]) }
    }

    @Test("rejects a command that is also a group")
    func rejectsCommandGroupCollision() {
        let group = CommandGroup(name: "vm", description: "VMs")
        let a = CommandSpec(path: ["vm", "tag"], description: "x", permission: .guestView)
        let b = CommandSpec(path: ["vm", "tag", "add"], description: "x", permission: .guestView)
        #expect(throws: CatalogError.self) { try CommandCatalog(groups: [group], commands: [a, b]) }
    }

    @Test("rejects names platforms would refuse and unknown permissions", arguments: [
        "commands:\n  - {name: Nodes, description: x, permission: guest.view}",
        "commands:\n  - {name: nodes, description: x, permission: guest.fly}",
        "commands:\n  - name: x\n    description: y\n    permission: guest.view\n    options:\n      - {name: a, type: colour, description: z}",
        "commands:\n  - name: x\n    description: y\n    permission: guest.view\n    options:\n      - {name: a, type: string, description: z}\n      - {name: b, type: string, required: true, description: z}",
        "commands: [",
    ])
    func rejectsBadFiles(yaml: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try yaml.write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: CatalogError.self) { try CommandCatalog.load(directory: folder.path) }
    }

    @Test("exports Discord commands within Discord's limits")
    func discordExportWithinLimits() throws {
        let commands = CatalogExporter(catalog: catalog).discordCommands()
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

    @Test("exports Discord commands that match Discord's OpenAPI schema")
    func discordExportMatchesSchema() async throws {
        let schema = RepositoryPaths.reference("discord/discord-openapi-subset.json")
        try #require(FileManager.default.fileExists(atPath: schema), "reference schema missing at \(schema)")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("discord-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: output) }
        try CatalogExporter(catalog: catalog).discordJSON().write(to: output, atomically: true, encoding: .utf8)
        let result = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["python3", RepositoryPaths.file("Tests/NexBoardCoreTests/Support/validate_discord_commands.py"), schema, output.path])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
    }

    @Test("keeps docs/commands.md equal to the catalog")
    func markdownReferenceIsCurrent() throws {
        let committed = try String(contentsOfFile: RepositoryPaths.file("docs/commands.md"), encoding: .utf8)
        #expect(committed == CatalogExporter(catalog: catalog).markdown(),
                "run: swift run nexboard commands export --format markdown > docs/commands.md")
    }

    @Test("exports a Slack manifest with the /nex command")
    func slackManifest() {
        let manifest = CatalogExporter(catalog: catalog).slackManifest()
        #expect(manifest.contains("command: /nex"))
        #expect(manifest.contains("socket_mode_enabled: true"))
    }
}
