/// The last reply line an SMTP server sent: `535 5.7.8 Authentication credentials invalid`.
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var text: String

    public init(code: Int, text: String) {
        self.code = code
        self.text = text
    }

    /// Parses `NNN text` or `NNN-text`; nil for anything else.
    init?(line: String) {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count >= 3, let code = Int(String(String.UnicodeScalarView(scalars[0..<3]))), (200...599).contains(code) else { return nil }
        self.code = code
        self.text = String(String.UnicodeScalarView(scalars.dropFirst(4))).trimmingSpaces
    }

    public var description: String { text.isEmpty ? "\(code)" : "\(code) \(text)" }
}
