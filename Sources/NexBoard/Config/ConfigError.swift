/// Every problem found in a configuration file, reported together so they can be fixed in one go.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order they appear in the file.
    public var problems: [ConfigProblem]

    public init(problems: [ConfigProblem]) {
        self.problems = problems
    }

    /// One problem per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
