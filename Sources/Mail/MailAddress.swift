/// An email address with an optional display name: `bot@example.org` or `NexBoard <bot@example.org>`.
///
/// Only ASCII addresses are accepted (no SMTPUTF8); display names may be any text and are encoded
/// when written into a header.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// `local@domain`.
    public var address: String
    /// The display name, if any.
    public var name: String?

    /// An address that is already known to be valid (see `parse(_:)`).
    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// The form configuration values must have, for messages.
    public static let expectedForm = "an email address like alerts@example.org or \"NexBoard <alerts@example.org>\""

    /// Parses `local@domain` or `Name <local@domain>`; nil when the address is not valid.
    public static func parse(_ text: String) -> MailAddress? {
        let trimmed = text.trimmingSpaces
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = String(trimmed[..<open]).trimmingSpaces
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            guard isValid(address), !name.contains(where: { $0.isNewline }) else { return nil }
            return MailAddress(address, name: name.isEmpty ? nil : name)
        }
        return isValid(trimmed) ? MailAddress(trimmed) : nil
    }

    /// Whether `address` is a plain `local@domain` address: a dot-atom local part of at most 64
    /// characters and a domain of letters, digits and hyphens (or an `[IPv4]` literal).
    public static func isValid(_ address: String) -> Bool {
        guard address.utf8.count <= 254, let at = address.lastIndex(of: "@") else { return false }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        return isDotAtom(local) && local.utf8.count <= 64 && isDomain(domain)
    }

    /// The part after the `@`.
    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[address.index(after: at)...])
    }

    public var description: String {
        guard let name else { return address }
        return "\(name) <\(address)>"
    }

    // MARK: Pieces

    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~")

    private static func isDotAtom(_ text: Substring) -> Bool {
        let atoms = text.split(separator: ".", omittingEmptySubsequences: false)
        return !text.isEmpty && atoms.allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || atextSymbols.contains($0)) }
        }
    }

    private static func isDomain(_ text: Substring) -> Bool {
        if text.hasPrefix("[") && text.hasSuffix("]") {
            let parts = text.dropFirst().dropLast().split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 4 && parts.allSatisfy { part in
                !part.isEmpty && part.count <= 3 && part.allSatisfy { $0.isASCII && $0.isNumber } && Int(part).map { $0 <= 255 } == true
            }
        }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return !text.isEmpty && text.utf8.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
