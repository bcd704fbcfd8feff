import Foundation
import Store

extension NexBoardStore {
    /// Why `fillUp` gave up.
    public struct NeverFull: Error {}

    /// Caps the database at its current size (`limitSize`) and writes audit entries until even the
    /// smallest no longer fits: from then on any write that needs room fails as on a full disk.
    public func fillUp() async throws {
        try await limitSize(pages: 0)
        for size in [1_000, 100, 0] {
            let filler = AuditEntry(time: Date(timeIntervalSince1970: 0), subject: "f", platform: "f", command: "f",
                                    arguments: String(repeating: "f", count: size), result: .ok)
            var written = 0
            while (try? await audit.record(filler)) != nil {
                written += 1
                guard written < 10_000 else { throw NeverFull() }
            }
        }
    }
}
