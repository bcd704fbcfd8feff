import Foundation
import NexBoardCore

/// What can go wrong talking to Proxmox VE.
///
/// Cases carry what a developer needs; `userMessage` is the sentence a chat user reads and never
/// contains tokens, passwords or URLs.
public enum ProxmoxError: Error, UserFacingError, Sendable, Equatable {
    /// The cluster (or, for HTTP 595, the node behind the proxying node) could not be reached.
    case unreachable(cluster: String)
    /// The request did not finish within the connection's deadline.
    case timeout(cluster: String, after: Duration)
    /// HTTP 401: the token or password was refused.
    case unauthorized(cluster: String)
    /// HTTP 403; `permission` is the missing privilege and path when Proxmox said which,
    /// e.g. `VM.PowerMgmt on /vms/101`.
    case forbidden(permission: String?)
    /// The guest, node, storage or task does not exist.
    case notFound
    /// Any other error status, with Proxmox's message.
    case server(status: Int, message: String)
    /// Proxmox answered with something the client could not read.
    case invalidResponse(detail: String)
    /// A task finished with an error.
    case taskFailed(upid: UPID, exitStatus: String)
    /// The server's certificate is not the one the configuration pins (`fingerprint`); nothing was sent.
    /// `presented` is nil when it showed none.
    case certificateMismatch(cluster: String, pinned: CertificateFingerprint, presented: CertificateFingerprint?)

    public var userMessage: String {
        switch self {
        case .unreachable(let cluster):
            "Cannot reach Proxmox cluster \"\(cluster)\". Check that it is online and reachable from NexBoard."
        case .timeout(let cluster, let after):
            "Proxmox cluster \"\(cluster)\" did not answer within \(Self.format(after))."
        case .unauthorized(let cluster):
            "Proxmox refused the API credentials for cluster \"\(cluster)\"."
        case .forbidden(let permission?):
            "Proxmox denied this action: the API user lacks \(permission)."
        case .forbidden(nil):
            "Proxmox denied this action: the API user lacks the required permission."
        case .notFound:
            "Proxmox could not find that object."
        case .server(let status, let message):
            message.isEmpty
                ? "Proxmox reported an error (HTTP \(status))."
                : "Proxmox reported an error: \(Self.redacted(message))"
        case .invalidResponse:
            "Proxmox sent an answer NexBoard could not understand."
        case .certificateMismatch(let cluster, let pinned, let presented):
            "The server of \"\(cluster)\" presented \(presented.map { "a certificate with SHA-256 fingerprint \($0)" } ?? "no certificate"), "
                + "not the pinned \(pinned); NexBoard sent it nothing. If its certificate was renewed, set `fingerprint` to the new one."
        case .taskFailed(let upid, let exitStatus):
            upid.id.isEmpty
                ? "The Proxmox task \(upid.type) on \(upid.node) failed: \(exitStatus)"
                : "The Proxmox task \(upid.type) \(upid.id) on \(upid.node) failed: \(exitStatus)"
        }
    }

    /// PVE's message with URLs and anything token- or ticket-like replaced, for chat users.
    static func redacted(_ message: String) -> String {
        var text = message
        text.replace(/[A-Za-z][A-Za-z0-9+.\-]*:\/\/\S+/, with: "<address>")
        text.replace(/(PVEAPIToken|PVEAuthCookie|CSRFPreventionToken)[=:]\s*\S+/, with: "<redacted>")
        text.replace(/PVE:[^\s:]+@[^\s:]+:[0-9A-F]{8}::\S+/, with: "<redacted>")
        return text
    }

    private static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return attoseconds == 0 ? "\(seconds) s" : "\(duration.wholeMilliseconds) ms"
    }
}

extension ProxmoxError {
    /// Maps an error status and PVE's message to an error.
    ///
    /// PVE puts the human-readable reason in the JSON body's `message` (and historically in the
    /// status line's reason phrase). A 500 whose message says something "does not exist" is a
    /// missing object.
    static func from(status: Int, message: String, cluster: String) -> ProxmoxError {
        switch status {
        case 401:
            return .unauthorized(cluster: cluster)
        case 403:
            return .forbidden(permission: parsePermission(message))
        case 404:
            return .notFound
        case 595:
            return .unreachable(cluster: cluster)
        case 500 where message.contains("does not exist") || message.hasPrefix("no such"):
            return .notFound
        default:
            return .server(status: status, message: message)
        }
    }

    /// "Permission check failed (/vms/101, VM.PowerMgmt)" -> "VM.PowerMgmt on /vms/101".
    static func parsePermission(_ message: String) -> String? {
        guard let open = message.firstIndex(of: "("), let close = message.lastIndex(of: ")"), open < close else {
            return nil
        }
        let inside = message[message.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        guard !inside.isEmpty else { return nil }
        let parts = inside.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2, parts[0].hasPrefix("/") {
            return "\(parts[1]) on \(parts[0])"
        }
        return inside
    }
}
