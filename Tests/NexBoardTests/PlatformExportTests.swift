import Foundation
import NexBoard
import NexBoardCore
import NexBoardTesting
import Testing
import Yams

@Suite("What each platform is given from the catalog")
struct PlatformExportTests {
    @Test("the Slack app manifest parses, with the /nex command, Socket Mode, interactivity and the bot scopes")
    func slackManifest() throws {
        let catalog = try CommandCatalog.load(directory: RepositoryPaths.commands)
        let yaml = try Platforms.export(catalog, as: .slack)
        let manifest = try #require(try Yams.load(yaml: yaml) as? [String: Any])
        let features = try #require(manifest["features"] as? [String: Any])
        let commands = try #require(features["slash_commands"] as? [[String: Any]])
        #expect(commands.count == 1)
        #expect(commands.first?["command"] as? String == "/nex")
        #expect(commands.first?["should_escape"] as? Bool == false)
        #expect((commands.first?["usage_hint"] as? String)?.contains("vm list") == true)
        #expect((commands.first?["description"] as? String)?.contains("\(catalog.commands.count) commands") == true)
        let settings = try #require(manifest["settings"] as? [String: Any])
        #expect(settings["socket_mode_enabled"] as? Bool == true)
        #expect((settings["interactivity"] as? [String: Any])?["is_enabled"] as? Bool == true)
        let scopes = ((manifest["oauth_config"] as? [String: Any])?["scopes"] as? [String: Any])?["bot"] as? [String]
        #expect(Set(scopes ?? []) == ["commands", "chat:write", "chat:write.public", "files:write", "channels:history", "groups:history"])
        #expect((features["bot_user"] as? [String: Any])?["display_name"] as? String == "NexBoard")
    }

    @Test("in Slack's HTTP mode the manifest turns Socket Mode off and points the command and buttons at http.public_url")
    func slackManifestHTTPMode() throws {
        let catalog = try CommandCatalog.load(directory: RepositoryPaths.commands)
        let config = try ConfigLoader.parse(yaml: """
            clusters: [{name: lab, simulator: {}}]
            http: {public_url: https://nexboard.example.net}
            slack: {mode: http, bot_token: xoxb-1, signing_secret: s3cret}
            """, baseDirectory: "/nonexistent-nexboard-test", environment: [:])
        let manifest = try #require(try Yams.load(yaml: try Platforms.export(catalog, as: .slack, config: config)) as? [String: Any])
        let settings = try #require(manifest["settings"] as? [String: Any])
        #expect(settings["socket_mode_enabled"] as? Bool == false)
        #expect((settings["interactivity"] as? [String: Any])?["request_url"] as? String == "https://nexboard.example.net/slack/interactivity")
        let command = ((manifest["features"] as? [String: Any])?["slash_commands"] as? [[String: Any]])?.first
        #expect(command?["url"] as? String == "https://nexboard.example.net/slack/commands")
        #expect(!(try Platforms.export(catalog, as: .slack, config: config)).contains("s3cret"))
    }

    @Test("the Discord export and the Markdown reference come from the same catalog")
    func discordAndMarkdown() throws {
        let catalog = try CommandCatalog.load(directory: RepositoryPaths.commands)
        let discord = try #require(try JSONSerialization.jsonObject(with: Data(Platforms.export(catalog, as: .discord).utf8)) as? [[String: Any]])
        let groups = Set(catalog.groups.map(\.name))
        let topLevel = Set(catalog.commands.filter { $0.path.count == 1 }.map { $0.path[0] })
        #expect(Set(discord.compactMap { $0["name"] as? String }) == groups.union(topLevel))
        #expect(try Platforms.export(catalog, as: .markdown).hasPrefix("# NexBoard command reference"))
    }

    @Test("keeps docs/commands.md equal to the catalog")
    func markdownReferenceIsCurrent() throws {
        let catalog = try CommandCatalog.load(directory: RepositoryPaths.commands)
        let committed = try String(contentsOfFile: RepositoryPaths.file("docs/commands.md"), encoding: .utf8)
        #expect(committed == (try Platforms.export(catalog, as: .markdown)),
                "run: swift run nexboard commands export --format markdown > docs/commands.md")
    }
}
