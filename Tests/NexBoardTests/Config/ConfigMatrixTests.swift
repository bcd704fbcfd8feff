import ChatMatrix
import Foundation
import NexBoard
import NexBoardCore
import Testing

@Suite("The matrix section of the configuration")
struct ConfigMatrixTests {
    @Test("a full matrix section loads with its overrides")
    func fullSection() throws {
        let config = try ConfigTestSupport.load("""
            matrix:
              homeserver: https://matrix.example.org/
              access_token: ${MATRIX_TOKEN}
              prefix: "!pve"
              rooms: ["!abc:example.org"]
              allow_invites_from: ["@alice:example.org", "example.net"]
              reply_style: thread
              sync_timeout: 10s
              request_timeout: 20s
            """, environment: ["MATRIX_TOKEN": "syt_abc"])
        let matrix = try #require(config.matrix)
        #expect(matrix.homeserver == "https://matrix.example.org")
        #expect(matrix.credentials == .accessToken(Secret("syt_abc")))
        #expect(matrix.prefix == "!pve")
        #expect(matrix.rooms == ["!abc:example.org"])
        #expect(matrix.allowInvitesFrom == ["@alice:example.org", "example.net"])
        #expect(matrix.replyStyle == .thread)
        #expect(matrix.syncTimeout == .seconds(10))
        #expect(matrix.requestTimeout == .seconds(20))
    }

    @Test("a user and password instead of a token; the documented defaults")
    func passwordAndDefaults() throws {
        let matrix = try #require(try ConfigTestSupport.load("matrix: {homeserver: http://127.0.0.1:8008, user: nexboard, password: pw}").matrix)
        #expect(matrix.credentials == .password(user: "nexboard", password: Secret("pw")))
        #expect(matrix.prefix == "!nex")
        #expect(matrix.rooms.isEmpty && matrix.allowInvitesFrom.isEmpty)
        #expect(matrix.replyStyle == .reply)
        #expect(matrix.syncTimeout == .seconds(30))
        #expect(try ConfigTestSupport.load("").matrix == nil)
    }

    @Test("mistakes are reported with their key paths, and no secret is quoted")
    func problems() {
        let problems = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + """

            matrix:
              homeserver: ftp://example.org
              prefix: "two words"
              rooms: ["#alias:example.org"]
              allow_invites_from: ["not a user"]
              reply_style: threads
              sync_timeout: 1h
            """)
        let paths = problems.map(\.keyPath)
        #expect(paths.contains("matrix.homeserver"))
        #expect(paths.contains("matrix.access_token"), "no way to sign in")
        #expect(paths.contains("matrix.prefix"))
        #expect(paths.contains("matrix.rooms[0]"))
        #expect(paths.contains("matrix.allow_invites_from[0]"))
        #expect(problems.first { $0.keyPath == "matrix.reply_style" }?.message.contains("thread") == true)
        #expect(paths.contains("matrix.sync_timeout"))

        let both = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + """

            matrix: {homeserver: "https://m.example.org", access_token: "super-secret", user: bot, password: "other-secret"}
            """)
        #expect(both.map(\.keyPath) == ["matrix.user"])
        #expect(!both.contains { $0.message.contains("secret") && $0.message.contains("super") })

        let noPassword = ConfigTestSupport.problems(ConfigTestSupport.minimalYAML + """

            matrix: {homeserver: "https://m.example.org", user: bot}
            """)
        #expect(noPassword.map(\.keyPath) == ["matrix.password"])
    }
}
