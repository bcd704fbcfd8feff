import Foundation

/// A request to the simulated API, already taken apart: method, API path (without `/api2/json`),
/// its decoded segments, and the parameters from the query string and the body.
struct APIRequest: Sendable {
    var method: String
    var path: String
    var segments: [String]
    var query: [String: String]
    var parameters: [String: String]
    var authorization: String?
    var cookieTicket: String?
    var csrfToken: String?

    var isWrite: Bool { method == "POST" || method == "PUT" || method == "DELETE" }

    /// Parses `a=1&b=x+y` (form encoding) into a dictionary; later keys win.
    static func parseForm(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(parts[0])
            result[key] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Parameters of a JSON object body; numbers and booleans become strings as PVE would read them.
    static func parseJSONObject(_ bytes: [UInt8]) -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: result[key] = text
            case let number as NSNumber: result[key] = number.stringValue
            case let list as [Any]: result[key] = list.map { "\($0)" }.joined(separator: ",")
            default: break
            }
        }
        return result
    }

    /// The value of the `PVEAuthCookie` cookie in a `Cookie` header.
    static func ticket(fromCookieHeader header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("PVEAuthCookie=") {
                let value = String(trimmed.dropFirst("PVEAuthCookie=".count))
                return value.removingPercentEncoding ?? value
            }
        }
        return nil
    }
}
