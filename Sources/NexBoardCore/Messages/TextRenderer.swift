/// Renders a `Message` as plain text for terminals and plain-text fallbacks: markup becomes plain
/// text, and no control character (an ANSI escape in a task log) reaches the terminal.
public struct TextRenderer: Sendable {
    public var width: Int

    public init(width: Int = 100) {
        self.width = width
    }

    public func render(_ message: Message) -> String {
        Markup.withoutControls(renderBlocks(message))
    }

    private func renderBlocks(_ message: Message) -> String {
        let message = message.plain
        var blocks: [String] = []
        if let title = message.title {
            blocks.append("\(Self.marker(message.severity)) \(title)")
        }
        if let text = message.text {
            blocks.append(message.title == nil ? "\(Self.marker(message.severity)) \(text)" : text)
        }
        if !message.fields.isEmpty {
            let nameWidth = message.fields.map(\.name.count).max() ?? 0
            blocks.append(message.fields.map { field in
                field.name.padding(toLength: nameWidth) + "  " + field.value
            }.joined(separator: "\n"))
        }
        if let table = message.table {
            blocks.append(Self.renderTable(table))
        }
        if let code = message.code {
            blocks.append(code)
        }
        if !message.buttons.isEmpty {
            blocks.append(message.buttons.enumerated().map { "[\($0.offset + 1)] \($0.element.label)" }.joined(separator: "  "))
        }
        if let footer = message.footer {
            blocks.append(footer)
        }
        return blocks.joined(separator: "\n")
    }

    public static func marker(_ severity: Message.Severity) -> String {
        switch severity {
        case .info: "ℹ"
        case .success: "✔"
        case .warning: "⚠"
        case .error: "✖"
        case .pending: "…"
        }
    }

    /// Aligned columns separated by two spaces, a rule under the header.
    public static func renderTable(_ table: Table) -> String {
        guard !table.headers.isEmpty else { return "" }
        var widths = table.headers.map(\.count)
        for row in table.rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for column in widths.indices {
                let cell = column < cells.count ? cells[column] : ""
                let alignment = column < table.alignments.count ? table.alignments[column] : .left
                let isLast = column == widths.count - 1
                switch alignment {
                case .left: parts.append(isLast ? cell : cell.padding(toLength: widths[column]))
                case .right: parts.append(String(repeating: " ", count: widths[column] - cell.count) + cell)
                }
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        var lines = [line(table.headers), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        lines += table.rows.map(line)
        if table.rows.isEmpty { lines.append("(none)") }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
