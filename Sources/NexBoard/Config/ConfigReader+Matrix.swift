import ChatMatrix
import Foundation
import NexBoardCore
import Yams

extension ConfigReader {
    static let matrixKeys = ["homeserver", "access_token", "access_token_file", "user", "password", "password_file", "prefix", "rooms",
                             "allow_invites_from", "reply_style", "sync_timeout", "request_timeout"]

    /// The `matrix` section; nil when it is absent or has problems.
    func readMatrix(_ top: ConfigMapping) -> MatrixConfig? {
        guard top.has("matrix"),
              let matrix = mapping(top["matrix"], at: top.path("matrix"), parentMark: top.mark(of: "matrix"), keys: Self.matrixKeys)
        else { return nil }
        let homeserver = matrix.has("homeserver")
            ? value("homeserver", in: matrix, expected: "an http(s) URL like https://matrix.example.org",
                    parse: { Self.url($0, schemes: ["http", "https"]) })
            : { report(matrix.path("homeserver"), "is required: the homeserver's URL, like https://matrix.example.org",
                       at: matrix.mark(of: "homeserver")); return nil }()
        let credentials = matrixCredentials(matrix)
        let prefix = value("prefix", in: matrix, expected: "a word like !nex (1 to 16 characters, no spaces)") { text in
            (1...16).contains(text.count) && !text.contains(where: \.isWhitespace) ? text : nil
        }
        let rooms = matrixList("rooms", in: matrix, expected: "a room id like \"!abc123:example.org\"", example: "[\"!abc123:example.org\"]") {
            $0.hasPrefix("!") && $0.count > 1 && !$0.contains(where: \.isWhitespace)
        }
        let invites = matrixList("allow_invites_from", in: matrix, expected: "a user id like \"@alice:example.org\" or a server name",
                                 example: "[\"@alice:example.org\", \"example.org\"]") {
            MatrixIdentity.serverName(ofUser: $0) != nil || MatrixIdentity.isServerName($0)
        }
        let style = choice("reply_style", in: matrix, among: MatrixAdapterConfiguration.ReplyStyle.allCases.map(\.rawValue))
            .flatMap(MatrixAdapterConfiguration.ReplyStyle.init(rawValue:)) ?? .reply
        let syncTimeout = duration("sync_timeout", in: matrix, default: .seconds(30), range: .seconds(1) ... .seconds(300))
        let requestTimeout = duration("request_timeout", in: matrix, default: .seconds(30), range: .seconds(1) ... .seconds(300))
        guard let homeserver, let credentials else { return nil }
        var config = MatrixConfig(homeserver: homeserver, credentials: credentials)
        if let prefix { config.prefix = prefix }
        config.rooms = rooms
        config.allowInvitesFrom = invites
        config.replyStyle = style
        config.syncTimeout = syncTimeout
        config.requestTimeout = requestTimeout
        return config
    }

    /// An access token, or a user with a password: exactly one of the two.
    private func matrixCredentials(_ matrix: ConfigMapping) -> MatrixAdapterConfiguration.Credentials? {
        let hasToken = matrix.has("access_token") || matrix.has("access_token_file")
        guard matrix.has("user") else {
            if matrix.has("password") || matrix.has("password_file") {
                report(matrix.path("user"), "is required with password: the bot's user id or name", at: matrix.mark(of: "user"))
                return nil
            }
            return secret("access_token", in: matrix,
                          missing: "is required: the bot's access token (or access_token_file), or user and password")
                .map { .accessToken($0) }
        }
        if hasToken {
            report(matrix.path("user"), "is given with access_token; keep one way to sign in", at: matrix.mark(of: "user"))
            return nil
        }
        let user = value("user", in: matrix, expected: "a user id like @nexboard:example.org or a user name") { text in
            !text.isEmpty && !text.contains(where: \.isWhitespace) ? text : nil
        }
        let password = secret("password", in: matrix, missing: "is required with user: the bot's password (or password_file)")
        guard let user, let password else { return nil }
        return .password(user: user, password: password)
    }

    private func matrixList(_ key: String, in mapping: ConfigMapping, expected: String, example: String,
                            accepts: (String) -> Bool) -> [String] {
        list(key, in: mapping, expected: expected, example: example) { accepts($0) ? $0 : nil }
    }
}
