// The build tool of the EmbedShippedFiles plugin: writes a Swift source file that holds text files
// as string literals.
//
//   EmbedFiles OUTPUT.swift NAME PATH [NAME PATH ...]
//
// OUTPUT.swift gets `enum ShippedFiles { static let all: [(path: String, text: String)] }` with one
// entry per NAME, in the order given, holding PATH's text. Each text is a raw multi-line string
// literal whose `#` delimiter is longer than any run of `#` in the text, so nothing in it needs
// escaping. The file is rewritten only when its content changes.
import Foundation

struct EmbedFailure: Error, CustomStringConvertible {
    var description: String
}

/// A raw multi-line string literal whose value is exactly `text` (line breaks normalized to `\n`).
func literal(_ text: String) throws -> String {
    if let bad = text.unicodeScalars.first(where: { $0.value < 0x20 && !["\n", "\r", "\t"].contains($0) || $0.value == 0x7F }) {
        throw EmbedFailure(description: "control character U+\(String(bad.value, radix: 16, uppercase: true)) cannot be embedded")
    }
    var longestRun = 0, run = 0
    for character in text {
        run = character == "#" ? run + 1 : 0
        longestRun = max(longestRun, run)
    }
    let hashes = String(repeating: "#", count: longestRun + 1)
    // The line break before the closing delimiter is not part of the value, so `text` keeps its own last one.
    return "\(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)"
}

func generate(_ files: [(name: String, path: String)]) throws -> String {
    var source = """
    // Generated at build time by the EmbedShippedFiles plugin (Sources/EmbedFiles); do not edit.

    /// The files compiled into this module: their path in the repository and their text.
    enum ShippedFiles {
        static let all: [(path: String, text: String)] = [

    """
    for file in files {
        let text: String
        do {
            text = try String(contentsOfFile: file.path, encoding: .utf8)
        } catch {
            throw EmbedFailure(description: "\(file.path): cannot be read as UTF-8 text")
        }
        let value: String
        do { value = try literal(text) } catch let failure as EmbedFailure {
            throw EmbedFailure(description: "\(file.path): \(failure.description)")
        }
        source += "        (\(file.name.debugDescription), \(value)),\n"
    }
    source += "    ]\n}\n"
    return source
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let output = arguments.first, arguments.count % 2 == 1 else {
    FileHandle.standardError.write(Data("usage: EmbedFiles OUTPUT.swift NAME PATH [NAME PATH ...]\n".utf8))
    exit(64)
}
let pairs = stride(from: 1, to: arguments.count, by: 2).map { (name: arguments[$0], path: arguments[$0 + 1]) }
do {
    let source = try generate(pairs)
    if (try? String(contentsOfFile: output, encoding: .utf8)) != source {
        try source.write(toFile: output, atomically: true, encoding: .utf8)
    }
} catch {
    FileHandle.standardError.write(Data("EmbedFiles: error: \(error)\n".utf8))
    exit(1)
}
