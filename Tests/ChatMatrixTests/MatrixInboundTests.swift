@testable import ChatMatrix
import NexBoardCore
import Testing

@Suite("What a Matrix room event means to the bot")
struct MatrixInboundTests {
    static let bot = "@nexboard:example.org"

    private func message(_ body: MatrixJSON?, msgtype: MatrixJSON = .string("m.text"), sender: String = "@alice:example.org",
                         time: Double = 2_000, relation: MatrixJSON? = nil) -> MatrixEvent {
        var content: [String: MatrixJSON] = ["msgtype": msgtype]
        if let body { content["body"] = body }
        if let relation { content["m.relates_to"] = relation }
        return MatrixEvent(type: "m.room.message", sender: sender, eventID: "$e", originServerTS: time, content: .object(content))
    }

    private func classify(_ event: MatrixEvent) -> MatrixInbound {
        MatrixInbound.classify(event, bot: Self.bot, prefix: "!nex", notBefore: 1_000)
    }

    @Test("A message with the prefix is a command; the prefix alone asks for help")
    func commands() {
        #expect(classify(message(.string("!nex vm list"))) == .command(line: "vm list"))
        #expect(classify(message(.string("  !NEX   vm stop web01 "))) == .command(line: "vm stop web01"))
        #expect(classify(message(.string("!nex"))) == .command(line: "help"))
        #expect(classify(message(.string("!nexus vm list"))) == .ignored(reason: "not a command"))
        #expect(classify(message(.string("hello"))) == .ignored(reason: "not a command"))
    }

    @Test("The bot's own events, notices, edits and events from before the start are ignored")
    func ignored() {
        #expect(classify(message(.string("!nex vm list"), sender: Self.bot)) == .ignored(reason: "own event"))
        #expect(classify(message(.string("!nex vm list"), msgtype: .string("m.notice"))) == .ignored(reason: "not text"))
        #expect(classify(message(.string("!nex vm list"), time: 999)) == .ignored(reason: "older than the start"))
        let edit: MatrixJSON = .object(["rel_type": .string("m.replace"), "event_id": .string("$old")])
        #expect(classify(message(.string("!nex vm stop web01"), relation: edit)) == .ignored(reason: "an edit"))
    }

    @Test("Malformed events are ignored: no body, a number for a body, no sender, no time")
    func malformed() {
        #expect(classify(message(nil)) == .ignored(reason: "no body"))
        #expect(classify(message(.number(42))) == .ignored(reason: "no body"))
        #expect(classify(message(.string("!nex vm list"), msgtype: .number(1))) == .ignored(reason: "not text"))
        #expect(classify(MatrixEvent(type: "m.room.message", sender: nil, eventID: "$e", originServerTS: 2_000, content: .null))
            == .ignored(reason: "malformed"))
        #expect(classify(MatrixEvent(type: "m.room.message", sender: "@a:b", eventID: "$e", originServerTS: nil, content: .null))
            == .ignored(reason: "older than the start"))
        let reaction = MatrixEvent(type: "m.reaction", sender: "@a:b", eventID: "$e", originServerTS: 2_000,
                                   content: .object(["m.relates_to": .string("nope")]))
        #expect(classify(reaction) == .ignored(reason: "malformed reaction"))
    }

    @Test("A command longer than 2,000 characters is refused, not parsed")
    func tooLong() {
        #expect(classify(message(.string("!nex " + String(repeating: "a", count: 65_536)))) == .tooLong)
    }

    @Test("Reactions are read with their variation selector removed")
    func reactions() {
        let reaction = MatrixEvent(type: "m.reaction", sender: "@alice:example.org", eventID: "$r", originServerTS: 2_000, content: .object([
            "m.relates_to": .object(["rel_type": .string("m.annotation"), "event_id": .string("$q"), "key": .string("✅\u{FE0F}")]),
        ]))
        #expect(classify(reaction) == .reaction(target: "$q", key: "✅"))
    }

    @Test("`confirm` replied to a message, with or without the prefix and the quoted fallback, is a reply verb")
    func replies() {
        let reply: MatrixJSON = .object(["m.in_reply_to": .object(["event_id": .string("$q")])])
        #expect(classify(message(.string("confirm"), relation: reply)) == .replyVerb(target: "$q", verb: "confirm"))
        #expect(classify(message(.string("> <@nexboard:example.org> Stop?\n\n!nex Cancel"), relation: reply))
            == .replyVerb(target: "$q", verb: "cancel"))
        #expect(classify(message(.string("!nex vm list"), relation: reply)) == .command(line: "vm list"))
        #expect(classify(message(.string("confirm ab12"), relation: reply)) == .command(line: "confirm ab12"))
        #expect(classify(message(.string("confirm ab12"))) == .ignored(reason: "not a command"), "not a reply: needs the prefix")
    }

    @Test("Identities: the user and their homeserver, which bindings may name")
    func identities() {
        let (user, groups) = MatrixIdentity.subjects(of: "@alice:example.org")
        #expect(user.description == "matrix:@alice:example.org")
        #expect(groups.map(\.description) == ["matrix-server:example.org"])
        #expect(MatrixIdentity.serverName(ofUser: "alice") == nil)
        #expect(MatrixIdentity.serverName(ofUser: "@:x") == nil)
    }

    @Test("Invitations: from the bot's own homeserver by default, else from the listed users and servers")
    func invitations() {
        var configuration = MatrixAdapterConfiguration(homeserver: "https://m.example.org", credentials: .accessToken(Secret("t")))
        #expect(configuration.acceptsInvite(from: "@alice:example.org", bot: Self.bot))
        #expect(!configuration.acceptsInvite(from: "@mallory:evil.org", bot: Self.bot))
        configuration.allowInvitesFrom = ["@bob:other.org", "friends.net"]
        #expect(configuration.acceptsInvite(from: "@bob:other.org", bot: Self.bot))
        #expect(configuration.acceptsInvite(from: "@carol:friends.net", bot: Self.bot))
        #expect(!configuration.acceptsInvite(from: "@alice:example.org", bot: Self.bot))
    }
}
