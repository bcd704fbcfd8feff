import Foundation

/// One call a client makes: method, path, query and body, and a description safe for logs.
///
/// Secrets never go into `logDescription`: Pi-hole v5's `auth` parameter is a query item, so the
/// description names the path and the query keys only.
public struct IntegrationEndpoint: Sendable {
    public enum Method: String, Sendable { case get = "GET", post = "POST", delete = "DELETE" }

    public var method: Method
    /// The path below the service's base URL, starting with `/`.
    public var path: String
    public var query: [(name: String, value: String?)]
    public var headers: [(name: String, value: String)]
    /// A JSON body (POST).
    public var body: [UInt8]?

    public init(_ method: Method, _ path: String, query: [(name: String, value: String?)] = [],
                headers: [(name: String, value: String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// `GET /api/stats/summary` or `GET /admin/api.php?summaryRaw&auth=…`.
    public var logDescription: String {
        let keys = query.map { $0.value == nil ? $0.name : "\($0.name)=…" }
        return "\(method.rawValue) \(path)" + (keys.isEmpty ? "" : "?" + keys.joined(separator: "&"))
    }

    var pathAndQuery: String {
        guard !query.isEmpty else { return path }
        let items = query.map { item in
            let name = Self.escape(item.name)
            return item.value.map { "\(name)=\(Self.escape($0))" } ?? name
        }
        return path + "?" + items.joined(separator: "&")
    }

    private static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
