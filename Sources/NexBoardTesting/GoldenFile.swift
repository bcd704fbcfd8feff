import Foundation

/// Expected output kept in files: `Golden/<name>` beside a test file, copied into its test bundle
/// (`resources: [.copy("Golden")]`). Run the tests with `NEXBOARD_UPDATE_GOLDEN=1` to write the
/// actual output into the source tree instead, then read the change with `git diff`.
///
/// ```swift
/// let actual = try GoldenFile.json(rendering)
/// #expect(actual == (try GoldenFile.expected("status.json", for: actual, in: .module)))
/// ```
public enum GoldenFile {
    /// The environment variable that, set to `1`, rewrites the golden files.
    public static let updateVariable = "NEXBOARD_UPDATE_GOLDEN"

    /// The test bundle has no such golden file.
    public struct Missing: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "missing golden file Golden/\(name) (\(GoldenFile.updateVariable)=1 writes it)" }
    }

    /// What `Golden/<name>` holds. With `NEXBOARD_UPDATE_GOLDEN=1`, first writes `actual` to
    /// `Golden/<name>` beside `testFile` and returns it.
    public static func expected(_ name: String, for actual: String, in bundle: Bundle, testFile: String = #filePath,
                                environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if environment[updateVariable] == "1" {
            let url = URL(fileURLWithPath: testFile).deletingLastPathComponent()
                .appendingPathComponent("Golden").appendingPathComponent(name)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return actual
        }
        guard let url = bundle.url(forResource: name, withExtension: nil, subdirectory: "Golden") else { throw Missing(name: name) }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// `value` as golden JSON: pretty-printed with sorted keys and unescaped slashes, and a final line break.
    public static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
