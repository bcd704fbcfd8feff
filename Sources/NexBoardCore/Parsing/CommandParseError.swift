/// Why a chat line is not a valid command. Every case reads as a complete answer to the user.
public enum CommandParseError: Error, Sendable, Equatable, UserFacingError {
    case empty
    case unclosedQuote
    case unknownCommand(String, suggestions: [String])
    case incompleteCommand(group: String, subcommands: [String])
    case unknownOption(command: String, option: String, suggestions: [String], usage: String)
    case missingValue(command: String, option: String, usage: String)
    case missingRequired(command: String, options: [String], usage: String)
    case invalidValue(command: String, option: String, value: String, expected: String)
    case duplicateOption(command: String, option: String)
    case tooManyArguments(command: String, extra: [String], usage: String)

    public var userMessage: String {
        switch self {
        case .empty:
            return "Type a command, or `help` to see them all."
        case .unclosedQuote:
            return "A quote is not closed. Put the closing `\"` after the quoted text."
        case let .unknownCommand(word, suggestions):
            return "There is no command `\(word)`.\(Suggestions.didYouMean(suggestions)) Type `help` for the list."
        case let .incompleteCommand(group, subcommands):
            return "`\(group)` needs a sub-command: \(subcommands.map { "`\($0)`" }.joined(separator: ", "))."
        case let .unknownOption(command, option, suggestions, usage):
            return "`\(command)` has no option `\(option)`.\(Suggestions.didYouMean(suggestions)) Usage: `\(usage)`"
        case let .missingValue(command, option, usage):
            return "`\(command)`: option `\(option)` needs a value. Usage: `\(usage)`"
        case let .missingRequired(command, options, usage):
            let names = options.map { "`\($0)`" }.joined(separator: ", ")
            return "`\(command)` needs \(names). Usage: `\(usage)`"
        case let .invalidValue(command, option, value, expected):
            return "`\(command)`: `\(value)` is not valid for `\(option)`; expected \(expected)."
        case let .duplicateOption(command, option):
            return "`\(command)`: option `\(option)` is given twice."
        case let .tooManyArguments(command, extra, usage):
            return "`\(command)` does not take \(extra.map { "`\($0)`" }.joined(separator: " ")). Usage: `\(usage)`"
        }
    }
}
