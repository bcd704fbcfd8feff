import Foundation
import NexBoard
import NexBoardCore
import Testing

@Suite("The discord section of the configuration")
struct ConfigDiscordTests {
    @Test("a full discord section loads with its defaults and overrides")
    func fullSection() throws {
        let config = try ConfigTestSupport.load("""
            discord:
              token: ${DISCORD_TOKEN}
              application_id: "100200300400500600"
              guild_ids: ["700000000000000001", "700000000000000002"]
              channel_ids: ["800000000000000001"]
              allow_dms: true
              register_commands: never
              api_url: http://127.0.0.1:9999/api/v10/
              gateway_url: ws://127.0.0.1:9999
              public_key: D04AB232742BB4AB3A1368BD4615E4E6D0224AB71A016BAF8520A332C9778737
            """, environment: ["DISCORD_TOKEN": "abc.def.ghi"])
        let discord = try #require(config.discord)
        #expect(discord.token == Secret("abc.def.ghi"))
        #expect(discord.applicationID == "100200300400500600")
        #expect(discord.guildIDs == ["700000000000000001", "700000000000000002"])
        #expect(discord.channelIDs == ["800000000000000001"])
        #expect(discord.allowDMs)
        #expect(discord.registerCommands == .never)
        #expect(discord.apiURL == "http://127.0.0.1:9999/api/v10")
        #expect(discord.gatewayURL == "ws://127.0.0.1:9999")
        #expect(discord.publicKey == "d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737")
    }

    @Test("a minimal discord section gets the documented defaults")
    func defaults() throws {
        let discord = try #require(try ConfigTestSupport.load("discord: {token: t0k3n, application_id: \"1\"}").discord)
        #expect(discord.guildIDs.isEmpty && discord.channelIDs.isEmpty)
        #expect(!discord.allowDMs)
        #expect(discord.registerCommands == .atStart)
        #expect(discord.apiURL == "https://discord.com/api/v10")
        #expect(discord.gatewayURL == "wss://gateway.discord.gg")
    }

    @Test("no discord section means no Discord")
    func absent() throws {
        #expect(try ConfigTestSupport.load("").discord == nil)
    }

    @Test("mistakes are reported with their key paths and the token is never quoted")
    func problems() {
        let problems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + """

            discord:
              application_id: abc
              guild_ids: ["12x"]
              register_commands: sometimes
              gateway_url: https://example.org
              alow_dms: true
              public_key: abc
            """)
        let paths = problems.map(\.keyPath)
        #expect(paths.contains("discord.token"))
        #expect(paths.contains("discord.application_id"))
        #expect(paths.contains("discord.guild_ids[0]"))
        #expect(paths.contains("discord.register_commands"))
        #expect(paths.contains("discord.gateway_url"))
        #expect(paths.contains("discord.public_key"))
        #expect(problems.first { $0.keyPath == "discord.alow_dms" }?.message.contains("allow_dms") == true)

        let secretProblems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + """

            discord:
              token: "super-secret-${"
              application_id: "1"
            """)
        #expect(secretProblems.map(\.keyPath) == ["discord.token"])
        #expect(!secretProblems.contains { $0.message.contains("super-secret") })
    }
}
