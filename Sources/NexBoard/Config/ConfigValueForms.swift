/// The textual forms configuration values must have, as pure parsing functions.
enum ConfigValueForms {
    static let listenForm = "host:port like 127.0.0.1:8080 or [::1]:8080"
    static let clusterURLForm = "an http(s) URL like https://pve1.lan:8006"
    static let publicURLForm = "an http(s) URL like https://nexboard.example.net"
    static let nameForm = "a name of lowercase letters, digits and - starting with a letter or digit, like home or pve-lab"
    static let tokenIDForm = "an API token id USER@REALM!TOKENID like nexboard@pve!bot"
    static let usernameForm = "a user USER@REALM like nexboard@pve"
    static let hostForm = "a host name or IP address like pve1.example.net or 192.0.2.10"
    static let vmidForm = "a VMID or a range like 100-199, with 100 <= first <= last <= 999999999"

    /// `host:port` or `[ipv6]:port`, port 0...65535 (0 picks a free port).
    static func listenAddress(_ text: String) -> (host: String, port: Int)? {
        guard let (host, port) = hostAndPort(Substring(text)), let port else { return nil }
        return (host, port)
    }

    /// A host name or an IPv4 or IPv6 address, without scheme or port.
    static func host(_ text: String) -> String? {
        let isAddress6 = text.contains(":") && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        let isName = !text.contains(":") && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
        guard !text.isEmpty, !text.hasPrefix("-"), !text.hasPrefix("."), isAddress6 || isName else { return nil }
        return text
    }

    /// `http(s)://host[:port]` with an optional `/` or `/api2/json` path, which is stripped.
    static func clusterURL(_ text: String) -> String? {
        guard let (scheme, authority, path) = splitURL(text) else { return nil }
        guard ["", "/", "/api2/json", "/api2/json/"].contains(path) else { return nil }
        return "\(scheme)://\(authority)"
    }

    /// `http(s)://host[:port][/path]`, returned without a trailing slash.
    static func publicURL(_ text: String) -> String? {
        guard let (scheme, authority, path) = splitURL(text) else { return nil }
        guard !path.contains(where: { $0 == "?" || $0 == "#" }) else { return nil }
        var url = "\(scheme)://\(authority)\(path)"
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// `[a-z0-9][a-z0-9-]*`, for cluster names; roles also allow `_`.
    static func isName(_ text: String, allowingUnderscore: Bool = false) -> Bool {
        guard let first = text.first, first.isASCII, first.isLowercase || first.isNumber else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || (allowingUnderscore && $0 == "_")) }
    }

    /// `USER@REALM!TOKENID`, where the token id starts with a letter and has letters, digits, `.`, `_`, `-`.
    static func isTokenID(_ text: String) -> Bool {
        let parts = text.split(separator: "!", omittingEmptySubsequences: false)
        guard parts.count == 2, isUsername(String(parts[0])), let first = parts[1].first, first.isASCII, first.isLetter else {
            return false
        }
        return parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
    }

    /// `USER@REALM` with no spaces or `!`.
    static func isUsername(_ text: String) -> Bool {
        guard let at = text.lastIndex(of: "@"), at != text.startIndex, text.index(after: at) != text.endIndex else { return false }
        return !text.contains { $0.isWhitespace || $0 == "!" }
    }

    /// `250` or `100-199`, within 100...999999999.
    static func vmidRange(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let first = Int(parts[0]), let last = Int(parts[parts.count - 1]),
              100 <= first, first <= last, last <= 999_999_999 else { return nil }
        return first...last
    }

    /// For a URL that carries user information (`scheme://user:password@host...`), the URL with
    /// everything between `://` and the last `@` replaced by `…`; nil for any other text. Any `@`
    /// after `://` counts, since a password may itself hold `/`, `?`, `#` or `@`.
    static func withoutUserinfo(_ text: String) -> String? {
        guard let separator = text.range(of: "://"), let at = text[separator.upperBound...].lastIndex(of: "@") else { return nil }
        return String(text[..<separator.upperBound]) + "…" + String(text[at...])
    }

    // MARK: Pieces

    /// Scheme (lowercased), authority and path of an http(s) URL whose authority is a valid `host[:port]`.
    private static func splitURL(_ text: String) -> (scheme: String, authority: Substring, path: Substring)? {
        guard let separator = text.range(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = text[separator.upperBound...]
        let pathStart = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<pathStart]
        let path = rest[pathStart...]
        guard !path.contains(where: \.isWhitespace), let (_, port) = hostAndPort(authority), port != 0 else { return nil }
        return (scheme, authority, path)
    }

    /// `host`, `host:port`, `[ipv6]` or `[ipv6]:port`; the port is nil when absent.
    private static func hostAndPort(_ text: Substring) -> (host: String, port: Int?)? {
        let host: Substring
        let portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if after.isEmpty {
                portText = nil
            } else {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
            guard host.contains(":"), host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count) else { return nil }
            host = parts[0]
            portText = parts.count == 2 ? parts[1] : nil
            guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }) else {
                return nil
            }
        }
        guard !host.isEmpty else { return nil }
        guard let portText else { return (String(host), nil) }
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
              let port = Int(portText), port <= 65535 else { return nil }
        return (String(host), port)
    }
}
