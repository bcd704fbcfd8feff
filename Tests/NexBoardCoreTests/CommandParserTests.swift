import NexBoardCore
import NexBoardTesting
import Testing

@Suite("Parsing chat lines against the catalog")
struct CommandParserTests {
    let parser: CommandParser

    init() throws {
        parser = CommandParser(catalog: try CommandCatalog.load(directory: RepositoryPaths.commands))
    }

    @Test("accepts positional, --name value, --name=value and name:value", arguments: [
        "vm stop web01", "vm stop --guest web01", "vm stop --guest=web01", "vm stop guest:web01",
        "/vm stop web01", "/nex vm stop web01", "VM Stop web01", "  vm   stop   \"web01\"  ",
    ])
    func acceptsEveryOptionForm(line: String) throws {
        let parsed = try parser.parse(line)
        #expect(parsed.spec.name == "vm stop")
        #expect(parsed.text("guest") == "web01")
    }

    @Test("types option values")
    func typesValues() throws {
        let parsed = try parser.parse("tasks --errors --limit 5 node:pve2")
        #expect(parsed.flag("errors"))
        #expect(parsed.integer("limit") == 5)
        #expect(parsed.text("node") == "pve2")
        let list = try parser.parse("vm list --status RUNNING type:ct")
        #expect(list.text("status") == "running")
        #expect(list.text("type") == "ct")
    }

    @Test("matches the longest command path")
    func longestPath() throws {
        let parsed = try parser.parse("vm tag add 101 lab")
        #expect(parsed.spec.name == "vm tag add")
        #expect(parsed.text("guest") == "101")
        #expect(parsed.text("tag") == "lab")
    }

    @Test("keeps quoted words together")
    func quotes() throws {
        #expect(try CommandTokenizer.tokenize(#"help "vm stop""#) == ["help", "vm stop"])
        #expect(try CommandTokenizer.tokenize(#"a 'b c' d\ e"#) == ["a", "b c", "d e"])
        #expect(throws: CommandParseError.unclosedQuote) { try CommandTokenizer.tokenize(#"vm stop "web"#) }
    }

    @Test("suggests a command for a typo")
    func unknownCommandSuggests() {
        #expect(throws: CommandParseError.unknownCommand("nodse", suggestions: ["node", "nodes"])) { try parser.parse("nodse") }
        do {
            _ = try parser.parse("vm stpo web01")
            Issue.record("expected an error")
        } catch {
            #expect(error.userMessage.contains("`vm stop`"))
        }
    }

    @Test("lists the sub-commands of a bare group")
    func bareGroup() {
        do {
            _ = try parser.parse("vm")
            Issue.record("expected an error")
        } catch {
            guard case let .incompleteCommand(group, subcommands) = error else { Issue.record("\(error)"); return }
            #expect(group == "vm")
            #expect(subcommands.contains("vm list"))
        }
    }

    @Test("names what is wrong with the arguments", arguments: [
        ("vm stop", "needs `guest`"),
        ("vm stop a b", "does not take `b`"),
        ("vm list --colour red", "has no option `colour`"),
        ("vm list --stauts running", "Did you mean `status`"),
        ("vm list --status sleeping", "expected running|stopped|paused"),
        ("tasks --limit many", "expected a number"),
        ("vm stop --guest", "needs a value"),
        ("vm stop 101 --guest 102", "given twice"),
        ("", "Type a command"),
    ])
    func badArguments(line: String, expected: String) {
        do {
            _ = try parser.parse(line)
            Issue.record("\(line) parsed")
        } catch {
            #expect(error.userMessage.contains(expected), "\(error.userMessage)")
        }
    }

    @Test("writes a canonical line that parses back to the same command")
    func canonicalRoundTrip() throws {
        let parsed = try parser.parse(#"vm tag add "my guest" lab cluster:home"#)
        #expect(try parser.parse(parsed.canonicalLine) == parsed)
    }
}

@Suite("Options that take the rest of the line")
struct RestOptionTests {
    @Test("help takes a command of several words")
    func helpTopic() throws {
        let parser = CommandParser(catalog: try CommandCatalog.load(directory: RepositoryPaths.commands))
        #expect(try parser.parse("help vm tag add").text("command") == "vm tag add")
        #expect(try parser.parse("help").text("command") == nil)
    }
}
