import Foundation
import Yams

/// Reads and validates NexBoard's YAML configuration, reporting every problem at once.
///
/// String values may use `${VAR}` and `${VAR:-default}` (`$$` is a literal `$`); secrets may be given
/// inline or as `*_file` paths, relative to the configuration file's folder.
public enum ConfigLoader {
    /// Reads the file at `path`, resolving relative paths in it against the file's folder.
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> NexBoardConfig {
        let file = URL(fileURLWithPath: path).standardizedFileURL
        guard let data = FileManager.default.contents(atPath: file.path) else {
            let reason = FileManager.default.fileExists(atPath: file.path) ? "cannot be read" : "does not exist"
            throw ConfigError(problems: [ConfigProblem(keyPath: "", message: "configuration file \(file.path) \(reason)")])
        }
        guard let yaml = String(data: data, encoding: .utf8) else {
            throw ConfigError(problems: [ConfigProblem(keyPath: "", message: "configuration file \(file.path) is not UTF-8 text")])
        }
        return try parse(yaml: yaml, baseDirectory: file.deletingLastPathComponent().path, environment: environment)
    }

    /// Validates `yaml`; relative paths in it are resolved against `baseDirectory`.
    public static func parse(
        yaml: String, baseDirectory: String, environment: [String: String]
    ) throws(ConfigError) -> NexBoardConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigError(problems: [malformedYAMLProblem(error)])
        }
        let reader = ConfigReader(environment: environment, baseDirectory: baseDirectory)
        guard let config = reader.readConfig(root) else {
            throw ConfigError(problems: reader.problems)
        }
        return config
    }

    /// One problem with the line and column, without the offending line itself (it may hold a secret).
    private static func malformedYAMLProblem(_ error: any Error) -> ConfigProblem {
        func located(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> ConfigProblem {
            var message = "malformed YAML at line \(mark.line), column \(mark.column): \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            return ConfigProblem(keyPath: "", message: message)
        }
        switch error as? YamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            return located(mark, problem, context)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return located(context.mark, "duplicate key \(keys) in one mapping", nil)
        case let .reader(problem, _, _, _):
            return ConfigProblem(keyPath: "", message: "malformed YAML: \(problem)")
        default:
            return ConfigProblem(keyPath: "", message: "malformed YAML")
        }
    }
}
