/// Renders a `Message` as plain text for terminals and plain-text fallbacks: markup becomes plain
/// text, and no control character (an ANSI escape in a task log) reaches the terminal.
public struct TextRenderer: Sendable {
    /// The columns a line may take: the buttons wrap onto more rows, and the last column of a wider
    /// table wraps under itself, so that a terminal of this width never breaks a line mid-word.
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
            blocks.append(Self.fitted("\(Self.marker(message.severity)) \(title)", width: width))
        }
        if let text = message.text {
            blocks.append(Self.fitted(message.title == nil ? "\(Self.marker(message.severity)) \(text)" : text, width: width))
        }
        if !message.fields.isEmpty {
            let nameWidth = message.fields.map(\.name.count).max() ?? 0
            // A value of several lines, or too long a line, continues under its first line, not under the names.
            let indent = "\n" + String(repeating: " ", count: nameWidth + 2)
            let valueWidth = width - nameWidth - 2 >= Self.narrowest ? width - nameWidth - 2 : Int.max
            blocks.append(message.fields.map { field in
                field.name.padding(toLength: nameWidth) + "  "
                    + Self.fitted(field.value, width: valueWidth).replacingOccurrences(of: "\n", with: indent)
            }.joined(separator: "\n"))
        }
        if let table = message.table {
            blocks.append(Self.renderTable(table, width: width))
        }
        if let code = message.code {
            blocks.append(code)
        }
        if !message.buttons.isEmpty {
            let labels = message.buttons.enumerated().map { "[\($0.offset + 1)] \($0.element.label)" }
            blocks.append(Self.rows(of: labels, width: width).joined(separator: "\n"))
        }
        if let footer = message.footer {
            blocks.append(Self.fitted(footer, width: width))
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
        renderTable(table, width: nil)
    }

    /// The table as `renderTable(_:)` lays it out, except that with a `width` it would pass, a
    /// left-aligned last column wraps at spaces onto lines of its own under itself (when the other
    /// columns leave it at least `narrowest` columns).
    static func renderTable(_ table: Table, width: Int?) -> String {
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
        let lastColumn = widths.count - 1
        let lastStart = widths.dropLast().reduce(0) { $0 + $1 + 2 }
        let wrapsLast = width.map { lastStart + widths[lastColumn] > $0 && $0 - lastStart >= Self.narrowest } == true
            && (lastColumn >= table.alignments.count || table.alignments[lastColumn] == .left)
        if wrapsLast, let width {
            widths[lastColumn] = min(widths[lastColumn], width - lastStart)
        }
        func rowLines(_ cells: [String]) -> [String] {
            guard wrapsLast, lastColumn < cells.count else { return [line(cells)] }
            var first = cells
            let wrapped = wrap(cells[lastColumn], width: widths[lastColumn])
            first[lastColumn] = wrapped.first ?? ""
            return [line(first)] + wrapped.dropFirst().map { String(repeating: " ", count: lastStart) + $0 }
        }
        var lines = rowLines(table.headers) + [widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        lines += table.rows.flatMap(rowLines)
        if table.rows.isEmpty { lines.append("(none)") }
        return lines.joined(separator: "\n")
    }

    /// `items` two spaces apart, on as many rows of at most `width` columns as they need.
    static func rows(of items: [String], width: Int) -> [String] {
        var rows: [String] = []
        for item in items {
            if let last = rows.last, last.count + 2 + item.count <= width {
                rows[rows.count - 1] = last + "  " + item
            } else {
                rows.append(item)
            }
        }
        return rows
    }

    /// The fewest columns worth wrapping a table's last column or a field's value into.
    static let narrowest = 10

    /// `text` with each line longer than `width` broken at spaces; shorter lines stay as they are
    /// (their runs of spaces may align something). A word longer than `width` (a link, a task's
    /// UPID) stays whole on a line of its own, so that it can be copied: the terminal folds it.
    static func fitted(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { $0.count <= width ? [String($0)] : wrap(String($0), width: width, cuttingWords: false) }
            .joined(separator: "\n")
    }

    /// `text` on lines of at most `width` columns, broken at spaces; a longer word is cut (a table
    /// column keeps its width) or, without `cuttingWords`, kept whole on its own line.
    static func wrap(_ text: String, width: Int, cuttingWords: Bool = true) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            if !current.isEmpty, current.count + 1 + word.count <= width {
                current += " " + word
                continue
            }
            if !current.isEmpty { lines.append(current) }
            while cuttingWords, word.count > width {
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            current = String(word)
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
