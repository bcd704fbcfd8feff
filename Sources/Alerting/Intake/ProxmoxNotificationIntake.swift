import Foundation

/// Turns a notification that Proxmox VE's webhook target posts into an event notification, so
/// backups, replication, fencing and package updates are announced without waiting for a poll.
///
/// The webhook target's body template should send JSON like
/// `{"title": "{{ title }}", "message": "{{ escape message }}", "severity": "{{ severity }}",
///   "type": "{{ fields.type }}", "hostname": "{{ fields.hostname }}"}`; `fields` may also be an object.
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

    private struct Body: Decodable {
        var title: String?
        var message: String?
        var severity: String?
        var type: String?
        var hostname: String?
        var fields: [String: String]?
    }

    /// The event notification for a posted body; `received` keys it, so the same body posted twice
    /// within a minute (a retry) is announced once.
    public static func notification(from body: Data, cluster: String, received: Date) throws(Problem) -> AlertNotification {
        let decoded: Body
        do { decoded = try JSONDecoder().decode(Body.self, from: body) } catch { throw .notJSON }
        guard let title = decoded.title?.trimmingCharacters(in: .whitespacesAndNewlines), !title.isEmpty else { throw .missingTitle }
        let type = decoded.type ?? decoded.fields?["type"] ?? ""
        let node = decoded.hostname ?? decoded.fields?["hostname"]
        let severity: AlertSeverity = switch decoded.severity?.lowercased() {
        case "info", "notice": .info
        case "error": .critical
        default: .warning
        }
        let kind: String = switch type {
        case "vzdump": severity == .critical ? "backup-failed" : "backup-ok"
        case "replication": "replication"
        case "fencing": "fencing"
        case "package-updates": "package-updates"
        default: "proxmox-notification"
        }
        let minute = Int64(received.timeIntervalSince1970 / 60)
        return AlertNotification(
            kind: .event, alertID: nil, cluster: cluster, node: node, tags: [], severity: severity, title: title, since: nil, at: received,
            eventKind: kind, dedupeKey: "proxmox:\(cluster):\(minute):\(fingerprint(body))", threadKey: nil)
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
