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

    @Test("help's list keeps short usages whole and shortens long ones to [options], so it fits 80 columns")
    func shortUsage() throws {
        #expect(catalog.spec(named: "dns pause")?.shortUsage == "dns pause [--duration duration]")
        #expect(catalog.spec(named: "deploy ct")?.shortUsage == "deploy ct <template> <name> [options]")
        #expect(catalog.commands.allSatisfy { $0.shortUsage.count <= 45 }, "\(catalog.commands.map(\.shortUsage).max { $0.count < $1.count } ?? "")")
        let help = TextRenderer(width: 80).render(Message(table: Table(
            headers: ["command", "what it does"], rows: catalog.commands.map { [$0.shortUsage, $0.description] })))
        #expect(help.split(separator: "\n").allSatisfy { $0.count <= 80 })
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
}
