import Foundation
import NexBoard
import NexBoardCore
import Testing

@Suite("The slack section of the configuration")
struct ConfigSlackTests {
    @Test("a Socket Mode section loads with its tokens, lists and API URL")
    func socketMode() throws {
        let config = try ConfigTestSupport.load("""
            slack:
              bot_token: ${SLACK_BOT}
              app_token: xapp-1-A0-123-abc
              channel_ids: ["C0123ABCD", "G0PRIVATE1"]
              team_ids: ["T0TEAM1"]
              api_url: http://127.0.0.1:9999/api/
            """, environment: ["SLACK_BOT": "xoxb-1-2-abc"])
        let slack = try #require(config.slack)
        #expect(slack.botToken == Secret("xoxb-1-2-abc"))
        #expect(slack.appToken == Secret("xapp-1-A0-123-abc"))
        #expect(slack.mode == .socket)
        #expect(slack.channelIDs == ["C0123ABCD", "G0PRIVATE1"])
        #expect(slack.teamIDs == ["T0TEAM1"])
        #expect(slack.apiURL == "http://127.0.0.1:9999/api")
    }

    @Test("HTTP mode takes the signing secret and the public URL; the API URL defaults to Slack's")
    func httpMode() throws {
        let config = try ConfigTestSupport.load("""
            http: {public_url: https://nexboard.example.net}
            slack:
              mode: http
              bot_token: xoxb-1
              signing_secret: 8f742231b10e8888abcd99yyyzzz85a5
            """)
        let slack = try #require(config.slack)
        #expect(slack.mode == .http)
        #expect(slack.signingSecret == Secret("8f742231b10e8888abcd99yyyzzz85a5"))
        #expect(slack.appToken == nil)
        #expect(slack.apiURL == "https://slack.com/api")
    }

    @Test("no slack section means no Slack")
    func absent() throws {
        #expect(try ConfigTestSupport.load("").slack == nil)
    }

    @Test("each mistake is named with its key path, and no token is quoted")
    func problems() {
        let problems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + """

            slack:
              bot_token: xapp-wrong-kind-secret
              mode: websocket
              channel_ids: ["general"]
              team_ids: ["C0NOTATEAM"]
              api_url: ftp://example.org
              chanel_ids: []
            """)
        let paths = problems.map(\.keyPath)
        #expect(paths.contains("slack.bot_token"))
        #expect(paths.contains("slack.app_token"), "Socket Mode (the default) needs the app-level token")
        #expect(paths.contains("slack.mode"))
        #expect(paths.contains("slack.channel_ids[0]"))
        #expect(paths.contains("slack.team_ids[0]"))
        #expect(paths.contains("slack.api_url"))
        #expect(problems.first { $0.keyPath == "slack.chanel_ids" }?.message.contains("channel_ids") == true)
        #expect(!problems.contains { $0.message.contains("wrong-kind-secret") })
    }

    @Test("HTTP mode without a signing secret or a public URL names both")
    func httpModeProblems() {
        let problems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + """

            slack:
              mode: http
              bot_token: xoxb-1
            """)
        let paths = problems.map(\.keyPath)
        #expect(paths.contains("slack.signing_secret"))
        #expect(paths.contains("slack.mode"))
        #expect(problems.first { $0.keyPath == "slack.mode" }?.message.contains("http.public_url") == true)
    }

    @Test("both a token and its file form is a problem")
    func bothForms() {
        let problems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + """

            slack:
              bot_token: xoxb-1
              bot_token_file: /run/secrets/slack
              app_token: xapp-1
            """)
        #expect(problems.map(\.keyPath).contains("slack.bot_token"))
    }
}
