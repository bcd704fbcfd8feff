import AsyncHTTPClient
import Foundation
import NexBoardTesting
import Testing

/// End to end: the real `nexboard` binary, built beside the test bundle by `swift build --build-tests`.
@Suite("The nexboard binary", .serialized)
struct BinaryTests {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nexboard")
    }

    /// Runs the binary (or `binary`, a copy of it) in `directory`, the repository by default.
    func run(_ arguments: [String], input: String? = nil, binary: URL = Self.binary,
             directory: URL = RepositoryPaths.root) async throws -> ChildProcess.Result {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path),
                     "\(Self.binary.path) is missing: run `swift build --build-tests` before `swift test`")
        return try await ChildProcess.run(binary, arguments: arguments, input: input, directory: directory)
    }

    /// A fresh temporary folder for `body`, removed afterwards.
    func withTemporaryFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-binary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }

    @Test("demo --script runs the tour from another folder and prints the simulated cluster's real data")
    func demoScript() async throws {
        let result = try await withTemporaryFolder { folder in
            try await run(["demo", "--script", RepositoryPaths.file("examples/tour.txt")], directory: folder)
        }
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
        #expect(output.contains("Pi-hole v6"), "\(output)")
        #expect(output.contains("AdGuard Home v0.107.52"))
        #expect(output.contains("DNS blocking paused for 5 min, resumes at"))
        #expect(output.contains("DNS blocking resumed"))
        #expect(output.contains("pfSense 2.7.2-RELEASE"))
        #expect(output.contains("WAN_DHCP"))
        #expect(output.contains("nextcloud.home.example.net"))
        #expect(output.contains("6 certificates"))
    }

    @Test("demo --script - reads standard input; bad lines are answered, not fatal")
    func demoScriptFromStandardInput() async throws {
        let result = try await run(["demo", "--script", "-"], input: "nodes\nfrobnicate\nvm stop\nconfirm\n")
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("pve1"))
        #expect(result.output.contains("There is no command `frobnicate`"))
        #expect(result.output.contains("needs `guest`"))
        #expect(result.output.contains("The last reply has no Confirm button"), "nodes replies with buttons, none of them Confirm")
    }

    @Test("a copy of the binary alone in a folder has the catalog, the demo configuration and the alert rules")
    func binaryAlone() async throws {
        try await withTemporaryFolder { folder in
            let copy = folder.appendingPathComponent("nexboard")
            try FileManager.default.copyItem(at: Self.binary, to: copy)
            let markdown = try await run(["commands", "export", "--format", "markdown"], binary: copy, directory: folder)
            #expect(markdown.status == 0, "\(markdown.errors)")
            #expect(markdown.output == (try String(contentsOfFile: RepositoryPaths.file("docs/commands.md"), encoding: .utf8)))
            let demo = try await run(["demo", "--script", "-"], input: "whoami\nvm list --tag lab\nalert rules\n", binary: copy, directory: folder)
            #expect(demo.status == 0, "\(demo.errors)")
            #expect(demo.output.contains("You are console:local"))
            #expect(demo.output.contains("k3s-node1"))
            #expect(demo.output.contains("cluster-unreachable"), "\(demo.output)")
            #expect(demo.output.contains("no-backup"))
        }
    }

    @Test("--commands and commands_dir use another catalog folder; a broken one stops check-config")
    func otherCatalogFolder() async throws {
        try await withTemporaryFolder { folder in
            let catalog = folder.appendingPathComponent("catalog")
            try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: RepositoryPaths.file("commands/00-general.yaml"),
                                             toPath: catalog.appendingPathComponent("00-general.yaml").path)
            let exported = try await run(["commands", "export", "--format", "markdown", "--commands", catalog.path], directory: folder)
            #expect(exported.status == 0, "\(exported.errors)")
            #expect(exported.output.contains("| `whoami` |"))
            #expect(!exported.output.contains("| `vm stop"))

            let config = folder.appendingPathComponent("nexboard.yaml")
            try "clusters: [{name: lab, simulator: {}}]\ncommands_dir: catalog\n".write(to: config, atomically: true, encoding: .utf8)
            let checked = try await run(["check-config", config.path], directory: folder)
            #expect(checked.status == 0, "\(checked.errors)")
            #expect(checked.output.split(separator: "\n").contains { $0.contains("commands:") && $0.hasSuffix("(\(catalog.path))") },
                    "\(checked.output)")

            try "commands: [{name: broken}]\n".write(to: catalog.appendingPathComponent("10-broken.yaml"), atomically: true, encoding: .utf8)
            let broken = try await run(["check-config", config.path], directory: folder)
            #expect(broken.status == 1)
            #expect(broken.errors.contains("10-broken.yaml"), "\(broken.errors)")
        }
    }

    @Test("check-config accepts the example and names every problem of a broken file")
    func checkConfig() async throws {
        let good = try await run(["check-config", "config/demo.yaml"])
        #expect(good.status == 0, "\(good.errors)")
        #expect(good.output.contains("integrations: pfSense, Pi-hole, AdGuard Home, Nginx Proxy Manager, 3 app check(s)"), "\(good.output)")
        #expect(try await run(["check-config", "--config", "config/demo.yaml"]).output == good.output, "--config as `run` takes it")
        let neither = try await run(["check-config"])
        #expect(neither.status != 0 && neither.errors.contains("Name the configuration file"), "\(neither.errors)")
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
        ["simulator", "--backups-per-guest", "21"], ["simulator", "--backup-server", "nowhere"],
    ])
    func simulatorValidation(arguments: [String]) async throws {
        let result = try await run(arguments)
        #expect(result.status == 64, "\(result.errors)")
        #expect(result.errors.contains("Error:"))
    }

    @Test("simulator says where it listens at once, also when its output is a pipe")
    func simulatorAnnouncesItself() async throws {
        let (simulator, firstLine) = try await BackgroundProcess.start(Self.binary, arguments: ["simulator", "--listen", "127.0.0.1:0"])
        await simulator.stop()
        #expect(firstLine.hasPrefix("Simulated Proxmox VE cluster"), "\(firstLine)")
    }

    @Test("simulator --backup-server serves the Backup Server too, with --backups-per-guest's snapshots of every guest")
    func simulatorBackupServer() async throws {
        let port = try LoopbackPort.free()
        let (simulator, _) = try await BackgroundProcess.start(
            Self.binary, arguments: ["simulator", "--listen", "127.0.0.1:0", "--backup-server", "127.0.0.1:\(port)",
                                     "--guests", "30", "--backups-per-guest", "2"])
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api2/json/admin/datastore/store1/snapshots?backup-id=100")
        request.headers.add(name: "Authorization", value: "PBSAPIToken=root@pam!nexboard:11111111-2222-3333-4444-555555555555")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        await simulator.stop()
        #expect(response.status.code == 200, "\(body)")
        // Guest 100's 2 backups of its own, beside the demo's 3 nightly ones and the monthly synced one.
        #expect(body.components(separatedBy: "\"backup-id\":\"100\"").count - 1 == 6, "\(body)")
    }

    @Test("the binary does not load libcurl at start: email opens it when the first message is sent")
    func libcurlNotLoadedAtStart() async throws {
        let (simulator, _) = try await BackgroundProcess.start(Self.binary, arguments: ["simulator", "--listen", "127.0.0.1:0"])
        let maps = try String(contentsOfFile: "/proc/\(simulator.processIdentifier)/maps", encoding: .utf8)
        await simulator.stop()
        #expect(maps.contains("libc.so"), "\(maps)")
        #expect(!maps.contains("libcurl"), "\(maps)")
    }

    @Test("version prints the version")
    func version() async throws {
        #expect(try await run(["version"]).output.hasPrefix("nexboard "))
    }
}
