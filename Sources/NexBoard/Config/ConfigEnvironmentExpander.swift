/// Expands `${VAR}` and `${VAR:-default}` in configuration values; `$$` is a literal `$`.
///
/// A `$` followed by anything else stays as it is, so passwords containing `$` need no escaping
/// unless the `$` is followed by `{` or `$`. `default` is used when the variable is unset or empty,
/// as in the shell, and is itself not expanded.
enum ConfigEnvironmentExpander {
    enum Failure: Error, Equatable {
        /// Variables referenced without a default that are not set, in order of appearance.
        case unset([String])
        /// `${` without its closing `}`.
        case unterminated
        /// `${...}` whose name is not `[A-Za-z_][A-Za-z0-9_]*`.
        case invalidName(String)
    }

    static func expand(_ text: String, environment: [String: String]) -> Result<String, Failure> {
        guard text.contains("$") else { return .success(text) }
        var output = ""
        var unset: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            guard character == "$", next < text.endIndex, text[next] == "$" || text[next] == "{" else {
                output.append(character)
                index = next
                continue
            }
            if text[next] == "$" {
                output.append("$")
                index = text.index(after: next)
                continue
            }
            let bodyStart = text.index(after: next)
            guard let close = text[bodyStart...].firstIndex(of: "}") else { return .failure(.unterminated) }
            let body = text[bodyStart..<close]
            let name: Substring
            let fallback: Substring?
            if let separator = body.range(of: ":-") {
                name = body[..<separator.lowerBound]
                fallback = body[separator.upperBound...]
            } else {
                name = body
                fallback = nil
            }
            guard isValidName(name) else { return .failure(.invalidName(String(name))) }
            if let value = environment[String(name)], !(value.isEmpty && fallback != nil) {
                output += value
            } else if let fallback {
                output += fallback
            } else {
                unset.append(String(name))
            }
            index = text.index(after: close)
        }
        return unset.isEmpty ? .success(output) : .failure(.unset(unset))
    }

    private static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
