import Foundation
import NexBoardCore
import Yams

/// Walks a composed YAML tree and collects every problem instead of stopping at the first, the way
/// Codable would. The sections of the file are read in `ConfigReader+Sections.swift`; this file has
/// the typed value readers they share.
///
/// Rule for messages: a value may be quoted back to the user ("got \"10x\"") except a secret's, which
/// never appears in any message.
final class ConfigReader {
    let environment: [String: String]
    /// How the identities of every known platform read (bindings, `console.subject`).
    let subjectForms: SubjectForms
    /// The folder relative paths (`data_dir`, `*_file`, `ca_file`) are resolved against.
    let baseDirectory: String
    private var found: [(problem: ConfigProblem, line: Int, column: Int)] = []

    init(environment: [String: String], baseDirectory: String, subjectForms: SubjectForms = Platforms.subjectForms) {
        self.environment = environment
        self.subjectForms = subjectForms
        self.baseDirectory = baseDirectory
    }

    /// The problems found so far, in file order.
    var problems: [ConfigProblem] {
        found.enumerated()
            .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
            .map(\.element.problem)
    }

    func report(_ keyPath: String, _ message: String, at mark: Mark?) {
        found.append((ConfigProblem(keyPath: keyPath, message: message), mark?.line ?? Int.max, mark?.column ?? 0))
    }

    // MARK: Structure

    /// Reads `node` as a mapping whose keys must be among `keys` (any key when nil).
    ///
    /// An absent or null node is an empty mapping; a node of another kind is a problem and gives nil.
    func mapping(_ node: Node?, at path: String, parentMark: Mark?, keys: [String]?) -> ConfigMapping? {
        guard let node, !node.isConfigNull else { return .empty(at: path, mark: parentMark) }
        guard case let .mapping(mapping) = node else {
            let expected = keys.map { "a mapping with the keys \($0.joined(separator: ", "))" } ?? "a mapping"
            report(path, "expected \(expected), got \(node.configKindName)", at: node.mark)
            return nil
        }
        var entries: [ConfigMapping.Entry] = []
        for (keyNode, value) in mapping {
            let keyPath = path.isEmpty ? "" : path + "."
            guard case let .scalar(keyScalar) = keyNode else {
                report(path, "keys must be plain words, got \(keyNode.configKindName) as a key", at: keyNode.mark)
                continue
            }
            let key = keyScalar.string
            if let keys, !keys.contains(key) {
                if let suggestion = ConfigKeySuggester.suggestion(for: key, among: keys) {
                    report(keyPath + key, "unknown key; did you mean \"\(suggestion)\"?", at: keyNode.mark)
                } else {
                    report(keyPath + key, "unknown key; expected one of \(keys.joined(separator: ", "))", at: keyNode.mark)
                }
                continue
            }
            entries.append(.init(key: key, keyNode: keyNode, value: value))
        }
        return ConfigMapping(path: path, mark: mapping.mark, entries: entries)
    }

    /// Reads `node` as a list; an absent or null node is an empty list, another kind is a problem.
    func sequence(_ node: Node?, at path: String, example: String) -> [Node]? {
        guard let node, !node.isConfigNull else { return [] }
        guard case let .sequence(sequence) = node else {
            report(path, "expected a list like \(example), got \(node.configKindName)", at: node.mark)
            return nil
        }
        return Array(sequence)
    }

    /// A sequence of scalars, each parsed by `parse` (nil: reported as not `expected`), without repeats.
    func list<T: Equatable>(_ key: String, in mapping: ConfigMapping, expected: String, example: String,
                            parse: (String) -> T?) -> [T] {
        guard let items = sequence(mapping[key], at: mapping.path(key), example: example) else { return [] }
        var result: [T] = []
        for (index, item) in items.enumerated() {
            let path = "\(mapping.path(key))[\(index)]"
            guard let text = scalar(item, at: path) else { continue }
            guard let value = parse(text) else {
                report(path, "expected \(expected), got \"\(text)\"", at: item.mark)
                continue
            }
            if !result.contains(value) { result.append(value) }
        }
        return result
    }

    // MARK: Scalars

    /// The text of a single value with `${ENV}` expanded; nil (and a problem) when it is not a single
    /// value or names an unset variable. Problems about a secret never quote any part of it.
    func scalar(_ node: Node, at path: String, isSecret: Bool = false) -> String? {
        guard case let .scalar(scalar) = node else {
            report(path, "expected a single value, got \(node.configKindName)", at: node.mark)
            return nil
        }
        switch ConfigEnvironmentExpander.expand(scalar.string, environment: environment) {
        case let .success(text):
            return text
        case let .failure(.unset(names)):
            let list = names.map { "\($0)" }.joined(separator: ", ")
            let noun = names.count == 1 ? "environment variable \(list) is not set" : "environment variables \(list) are not set"
            report(path, "\(noun) (write ${\(names[0]):-default} to give a default)", at: node.mark)
        case .failure(.unterminated):
            report(path, "\"${\" is not closed by \"}\"; write $$ for a literal $", at: node.mark)
        case let .failure(.invalidName(name)):
            let quoted = isSecret ? "a ${...} reference" : "\"${\(name)}\""
            report(path, "\(quoted) does not name an environment variable (letters, digits and _); write $$ for a literal $", at: node.mark)
        }
        return nil
    }

    /// The expanded text of `key`; nil when absent, null or wrong.
    func string(_ key: String, in mapping: ConfigMapping) -> String? {
        guard let node = mapping[key] else { return nil }
        return scalar(node, at: mapping.path(key))
    }

    /// The expanded text of `key`, reporting `missing` when the key is absent or null.
    func requiredString(_ key: String, in mapping: ConfigMapping, missing: String) -> String? {
        guard mapping.has(key) else {
            report(mapping.path(key), missing, at: mapping.mark(of: key))
            return nil
        }
        return string(key, in: mapping)
    }

    /// Parses `key` with `parse`; when it fails, reports "expected \(expected), got "text"".
    ///
    /// A URL with user information (`https://user:password@host`) is refused before parsing, and
    /// quoted back without it: a password there would otherwise be printed by `check-config`.
    func value<T>(
        _ key: String, in mapping: ConfigMapping, expected: String, parse: (String) -> T?
    ) -> T? {
        guard let node = mapping[key], let text = scalar(node, at: mapping.path(key)) else { return nil }
        if let redacted = ConfigValueForms.withoutUserinfo(text) {
            report(mapping.path(key), "expected \(expected) without a user name or password (credentials go in their own keys, "
                + "such as token_secret_file or password_file), got \"\(redacted)\"", at: node.mark)
            return nil
        }
        guard let value = parse(text) else {
            report(mapping.path(key), "expected \(expected), got \"\(text)\"", at: node.mark)
            return nil
        }
        return value
    }

    func duration(_ key: String, in mapping: ConfigMapping, default defaultValue: Duration, range: ClosedRange<Duration>) -> Duration {
        guard let node = mapping[key] else { return defaultValue }
        guard let duration = value(key, in: mapping, expected: DurationParser.expectedForm, parse: DurationParser.parse) else {
            return defaultValue
        }
        guard range.contains(duration) else {
            let bounds = "between \(DurationParser.format(range.lowerBound)) and \(DurationParser.format(range.upperBound))"
            report(mapping.path(key), "expected a duration \(bounds), got \(DurationParser.format(duration))", at: node.mark)
            return defaultValue
        }
        return duration
    }

    func bool(_ key: String, in mapping: ConfigMapping, default defaultValue: Bool) -> Bool {
        value(key, in: mapping, expected: "true or false") { text in
            switch text {
            case "true", "True", "TRUE": true
            case "false", "False", "FALSE": false
            default: nil
            }
        } ?? defaultValue
    }

    func integer(_ key: String, in mapping: ConfigMapping, default defaultValue: Int, range: ClosedRange<Int>) -> Int {
        let expected = "a whole number from \(range.lowerBound) to \(range.upperBound)"
        return value(key, in: mapping, expected: expected) { text in
            Int(text).flatMap { range.contains($0) ? $0 : nil }
        } ?? defaultValue
    }

    /// One of `choices`, with a "did you mean" hint when the value is close to one.
    func choice(_ key: String, in mapping: ConfigMapping, among choices: [String]) -> String? {
        guard let node = mapping[key], let text = scalar(node, at: mapping.path(key)) else { return nil }
        guard choices.contains(text) else {
            report(mapping.path(key), Self.notOneOf(text, choices), at: node.mark)
            return nil
        }
        return text
    }

    /// `expected one of a, b, c, got "x"` with a "did you mean" hint when one is close.
    static func notOneOf(_ text: String, _ choices: [String]) -> String {
        var message = "expected one of \(choices.joined(separator: ", ")), got \"\(text)\""
        if let suggestion = ConfigKeySuggester.suggestion(for: text, among: choices) {
            message += "; did you mean \"\(suggestion)\"?"
        }
        return message
    }

    // MARK: Files and secrets

    /// `path` made absolute against the configuration file's folder, with `.` and `..` resolved.
    func resolvePath(_ path: String) -> String {
        let base = URL(fileURLWithPath: baseDirectory, isDirectory: true)
        return URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path
    }

    /// The resolved path of `key`, a folder that need not exist yet; nil when absent or empty (reported).
    func folderPath(_ key: String, in mapping: ConfigMapping) -> String? {
        guard let node = mapping[key], let text = scalar(node, at: mapping.path(key)) else { return nil }
        guard !text.isEmpty else {
            report(mapping.path(key), "expected a folder path, got an empty value", at: node.mark)
            return nil
        }
        return resolvePath(text)
    }

    /// The resolved path of `key`, which must name an existing file.
    func existingFile(_ key: String, in mapping: ConfigMapping) -> String? {
        guard let node = mapping[key], let text = scalar(node, at: mapping.path(key)) else { return nil }
        let path = resolvePath(text)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            report(mapping.path(key), "file \(path) does not exist", at: node.mark)
            return nil
        }
        guard !isDirectory.boolValue else {
            report(mapping.path(key), "\(path) is a folder, expected a file", at: node.mark)
            return nil
        }
        return path
    }

    /// The resolved path of `key`, which must name an existing folder.
    func existingFolder(_ key: String, in mapping: ConfigMapping) -> String? {
        guard let node = mapping[key], let text = scalar(node, at: mapping.path(key)) else { return nil }
        guard !text.isEmpty else {
            report(mapping.path(key), "expected a folder path, got an empty value", at: node.mark)
            return nil
        }
        let path = resolvePath(text)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            report(mapping.path(key), "folder \(path) does not exist", at: node.mark)
            return nil
        }
        guard isDirectory.boolValue else {
            report(mapping.path(key), "\(path) is a file, expected a folder", at: node.mark)
            return nil
        }
        return path
    }

    /// A secret given either inline (`key`, `${ENV}` allowed) or as a file (`key_file`, read whole,
    /// one trailing newline trimmed, relative to the configuration file's folder). Exactly one is
    /// required; `missing` is reported when neither is given.
    func secret(_ key: String, in mapping: ConfigMapping, missing: String) -> Secret? {
        let fileKey = key + "_file"
        switch (mapping[key], mapping[fileKey]) {
        case (nil, nil):
            report(mapping.path(key), missing, at: mapping.mark(of: key))
            return nil
        case (.some, .some):
            report(mapping.path(key), "is given both inline and as \(fileKey); keep one of them", at: mapping.mark(of: key))
            return nil
        case let (.some(node), nil):
            guard let text = scalar(node, at: mapping.path(key), isSecret: true) else { return nil }
            guard !text.isEmpty else {
                report(mapping.path(key), "is empty", at: node.mark)
                return nil
            }
            return Secret(text)
        case let (nil, .some(node)):
            guard let path = existingFile(fileKey, in: mapping) else { return nil }
            guard let data = FileManager.default.contents(atPath: path) else {
                report(mapping.path(fileKey), "cannot read file \(path)", at: node.mark)
                return nil
            }
            guard var text = String(data: data, encoding: .utf8) else {
                report(mapping.path(fileKey), "file \(path) is not UTF-8 text", at: node.mark)
                return nil
            }
            if text.last == "\n" || text.last == "\r\n" { text.removeLast() }
            guard !text.isEmpty else {
                report(mapping.path(fileKey), "file \(path) is empty", at: node.mark)
                return nil
            }
            return Secret(text)
        }
    }
}
