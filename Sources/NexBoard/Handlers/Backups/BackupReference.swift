import Foundation
import NexBoardCore
import Proxmox

/// A backup as the commands name it: `<storage>/<UTC time to the minute>` (`pbs-store/2026-11-30T02:00`),
/// short enough to type, and resolved back to its volume.
enum BackupReference {
    static func reference(of volume: StoredVolume) -> String {
        "\(volume.storage)/\(volume.item.ctime.map { iso8601.format($0).prefix(16) } ?? "?")"
    }

    /// The backup of `guest` that `text` names: `latest`, a reference, a volume id, or the start of a
    /// reference (`2026-11-30`). Backups of other guests are never picked.
    static func resolve(_ text: String, among volumes: [StoredVolume], guest: ResolvedGuest) throws -> StoredVolume {
        let own = volumes.filter { $0.item.vmid == guest.vmid }.sorted(by: newestFirst)
        let wanted = text.trimmingCharacters(in: .whitespaces)
        if wanted.lowercased() == "latest" {
            guard let newest = own.first else { throw InvalidRequest(userMessage: "\(guest.label) has no backups.") }
            return newest
        }
        if let exact = own.first(where: { $0.item.volid == wanted }) { return exact }
        if volumes.contains(where: { $0.item.volid == wanted }) || wanted.contains(":backup/") {
            throw InvalidRequest(userMessage: "`\(wanted)` is not a backup of \(guest.label). `backup list \(guest.vmid)` shows its backups.")
        }
        let matching = own.filter { reference(of: $0) == wanted || reference(of: $0).hasSuffix("/" + wanted) }
        if matching.count == 1 { return matching[0] }
        let prefixed = own.filter { reference(of: $0).hasPrefix(wanted) || reference(of: $0).split(separator: "/").last?.hasPrefix(wanted) == true }
        if matching.isEmpty, prefixed.count == 1 { return prefixed[0] }
        let candidates = matching.isEmpty ? prefixed : matching
        if candidates.count > 1 {
            let listed = candidates.prefix(5).map { "`\(reference(of: $0))`" }.joined(separator: ", ")
            throw InvalidRequest(userMessage: "`\(wanted)` matches \(candidates.count) backups of \(guest.label): \(listed). Name one.")
        }
        let hint = Suggestions.didYouMean(Suggestions.closest(to: wanted, in: own.map(reference(of:))))
        throw InvalidRequest(userMessage: "\(guest.label) has no backup `\(wanted)`.\(hint) `backup list \(guest.vmid)` shows its backups.")
    }

    /// Newest first; the same time ordered by volume id, so that `latest` is always the same one.
    static func newestFirst(_ a: StoredVolume, _ b: StoredVolume) -> Bool {
        let (left, right) = (a.item.ctime ?? .distantPast, b.item.ctime ?? .distantPast)
        return left != right ? left > right : a.item.volid < b.item.volid
    }

    /// `2026-11-30T02:00:00Z`, in UTC: as PVE names PBS volumes; a reference is its first 16 characters.
    static let iso8601 = Date.ISO8601FormatStyle()
}
