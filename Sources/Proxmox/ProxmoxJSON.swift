import Foundation

/// Decoding of PVE's `{"data": ...}` envelope.
enum ProxmoxJSON {
    /// What the caller knows that the JSON may leave out (the node asked, the guest kind, the task).
    struct Context: Sendable {
        var node: String?
        var kind: GuestKind?
        var upid: UPID?
    }

    static let contextKey = CodingUserInfoKey(rawValue: "nexboard.proxmox.context")!

    private struct Envelope<T: Decodable>: Decodable {
        var data: T
    }

    /// Decodes the `data` member of a PVE response body.
    static func decodeData<T: Decodable>(_ type: T.Type, from body: Data, context: Context = Context()) throws -> T {
        let decoder = JSONDecoder()
        decoder.userInfo[contextKey] = context
        return try decoder.decode(Envelope<T>.self, from: body).data
    }

    /// PVE's error details in a body: `message` and the per-parameter `errors` map.
    static func errorMessage(from body: Data) -> String? {
        guard !body.isEmpty,
            let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        else {
            let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty || text.hasPrefix("{") || text.count > 300 ? nil : text
        }
        var parts: [String] = []
        if let message = object["message"] as? String {
            let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { parts.append(trimmed) }
        }
        if let errors = object["errors"] as? [String: Any], !errors.isEmpty {
            let details = errors.keys.sorted().map { key in
                "\(key): \(String(describing: errors[key]!).trimmingCharacters(in: .whitespacesAndNewlines))"
            }
            parts.append(details.joined(separator: "; "))
        }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
}
