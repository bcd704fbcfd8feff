/// The small markup of `Message` texts (title, text, field values, footer): `**bold**` and
/// `` `code` ``, which every platform can show. Text that a user or Proxmox controls (guest notes,
/// a silence's reason, a Proxmox notification's title, a task's exit status, anything typed) goes in
/// through `literal` or `code`, never as it is, so that it cannot format, link or break out.
///
/// Renderers turn markup into their platform's form: a markdown platform reads it as it is (markdown
/// honours the backslash escapes); terminals, email and plain webhooks read `plain(_:)`. Tables and code are
/// always literal and are not markup.
public enum Markup {
    /// Characters that chat platforms' (and CommonMark's) inline markdown gives a meaning.
    static let special: Set<Character> = ["\\", "*", "_", "`", "~", "|", "[", "]", "(", ")", "<", ">", "#"]

    /// `text` as literal markup: control characters removed, markdown characters escaped.
    public static func literal(_ text: String) -> String {
        var escaped = ""
        for character in withoutControls(text) {
            if special.contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// `text` as a code span. A backtick inside would end the span, so it is shown as `ˋ`.
    public static func code(_ text: String) -> String {
        "`" + withoutControls(text).replacingOccurrences(of: "`", with: "ˋ") + "`"
    }

    /// Markup as plain text: escapes resolved and `**` dropped (code spans keep their backticks).
    public static func plain(_ markup: String) -> String {
        var result = ""
        var characters = markup.makeIterator()
        var previousWasStar = false
        while let character = characters.next() {
            if character == "\\", let next = characters.next() {
                if !special.contains(next) { result.append("\\") }
                result.append(next)
                previousWasStar = false
            } else if character == "*" {
                if previousWasStar { result.removeLast() } else { result.append(character) }
                previousWasStar = !previousWasStar
            } else {
                result.append(character)
                previousWasStar = false
            }
        }
        return result
    }

    /// `text` without C0 and C1 control characters (escape sequences, bells, backspaces, carriage
    /// returns that overwrite a line) but with its line breaks and tabs: what a terminal may print.
    public static func withoutControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var scalars = String.UnicodeScalarView()
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "\u{1B}" {
                // An ANSI sequence: ESC [ parameters final-byte, or ESC and one character.
                guard let next = iterator.next() else { break }
                if next == "[" {
                    while let byte = iterator.next(), !(0x40...0x7E).contains(byte.value) {}
                }
                continue
            }
            if !isControl(scalar) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}
