import Foundation

/// Turns a notification that Proxmox VE's webhook target posts into an event notification, so
/// backups, replication, fencing and package updates are announced without waiting for a poll.
///
/// The webhook target's body template should send JSON like
/// `{"title": "{{ title }}", "message": "{{ escape message }}", "severity": "{{ severity }}",
///   "fields": {{ json fields }}}`; `type` and `hostname` may also come at the top level. The message
/// (the vzdump summary, the fencing details) is kept, at most `detailLimit` characters, and so are
/// the fields (type, host, job id first, at most `fieldLimit`); field values may be strings, numbers
/// or booleans.
public enum ProxmoxNotificationIntake {
    /// Why a body was refused.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notJSON
        case missingTitle

        public var description: String {
            switch self {
            case .notJSON: "the body is not a JSON object"
            case .missingTitle: "the body has no title"
            }
        }
    }

    /// The longest message kept, in characters; a longer one ends in "…".
    public static let detailLimit = 16_000
    /// The most fields kept; the longest field value kept is `fieldValueLimit` characters.
    public static let fieldLimit = 10
    public static let fieldValueLimit = 256

    /// A field value as Proxmox may send it: a string, a number or a boolean (anything else is dropped).
    private struct FieldValue: Decodable {
        var text: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                text = string
            } else if let integer = try? container.decode(Int64.self) {
                text = String(integer)
            } else if let number = try? container.decode(Double.self) {
                text = String(number)
            } else if let flag = try? container.decode(Bool.self) {
                text = String(flag)
            }
        }
    }

    private struct Body: Decodable {
        var title: String?
        var message: String?
        var severity: String?
        var type: String?
        var hostname: String?
        var fields: [String: FieldValue]?
    }

    /// The fields shown first, under a readable name, in this order.
    private static let knownFields: [(key: String, name: String)] = [("type", "Type"), ("hostname", "Host"), ("job-id", "Job")]

    /// The event notification for a posted body; `received` keys it, so the same body posted twice
    /// within a minute (a retry) is announced once.
    public static func notification(from body: Data, cluster: String, received: Date) throws(Problem) -> AlertNotification {
        let decoded: Body
        do { decoded = try JSONDecoder().decode(Body.self, from: body) } catch { throw .notJSON }
        guard let title = decoded.title?.trimmingCharacters(in: .whitespacesAndNewlines), !title.isEmpty else { throw .missingTitle }
        var given: [String: String] = [:]
        for (key, value) in decoded.fields ?? [:] {
            if let text = value.text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty { given[key] = text }
        }
        if let type = decoded.type, !type.isEmpty { given["type"] = type }
        if let hostname = decoded.hostname, !hostname.isEmpty { given["hostname"] = hostname }
        let type = given["type"] ?? ""
        let severity = AlertSeverity(proxmox: decoded.severity)
        let kind: String = switch type {
        case "vzdump": severity == .critical ? "backup-failed" : "backup-ok"
        case "replication": "replication"
        case "fencing": "fencing"
        case "package-updates": "package-updates"
        default: "proxmox-notification"
        }
        let known = knownFields.compactMap { field in given[field.key].map { AlertNotification.Field(field.name, $0) } }
        let others = given.keys.filter { key in !knownFields.contains { $0.key == key } }.sorted()
            .map { AlertNotification.Field($0, given[$0] ?? "") }
        let fields = (known + others).prefix(fieldLimit).map {
            AlertNotification.Field($0.name, Clip.characters($0.value, limit: fieldValueLimit))
        }
        let message = decoded.message?.trimmingCharacters(in: .whitespacesAndNewlines)
        let minute = Int64(received.timeIntervalSince1970 / 60)
        return AlertNotification(
            kind: .event, alertID: nil, cluster: cluster, node: given["hostname"], tags: [], severity: severity, title: title, since: nil,
            at: received, eventKind: kind, dedupeKey: "proxmox:\(cluster):\(minute):\(fingerprint(body))", threadKey: nil,
            detail: message.flatMap { $0.isEmpty ? nil : Clip.characters($0, limit: detailLimit) }, fields: fields.isEmpty ? nil : Array(fields))
    }

    /// Event kinds this intake produces, beyond the poller's.
    public static let kinds = ["replication", "fencing", "package-updates", "proxmox-notification"]

    /// FNV-1a, 64 bits, as hex: a stable fingerprint of the body for the dedupe key.
    static func fingerprint(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
