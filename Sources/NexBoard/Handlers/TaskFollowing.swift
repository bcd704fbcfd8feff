import Foundation
import NexBoardCore
import Proxmox

/// How a followed Proxmox task ended, as far as the reply waited.
enum FollowedTask: Sendable {
    case succeeded(TaskStatus)
    /// The task ended with an error; the last lines of its log.
    case failed(TaskStatus, log: [String])
    /// It was still running when the reply stopped waiting.
    case stillRunning
}

extension CommandContext {
    /// Follows a task to its end, editing the reply with `title` and the newest log line that
    /// `isProgress` accepts (vzdump's `INFO: 42% …`, a restore's `progress 25% …`). Without
    /// `isProgress` the log is read only when the task fails.
    func follow(_ upid: UPID, on cluster: ClusterHandle, title: String,
                isProgress: (@Sendable (String) -> Bool)? = nil) async throws -> FollowedTask {
        await notes.set(upid: upid.description)
        let footer = "cluster \(cluster.name) · task \(upid.description)"
        await progress(Message(title: title, footer: footer, severity: .pending))
        let final: TaskStatus
        do {
            final = try await cluster.client.waitForTask(
                upid, pollInterval: services.taskPollInterval, timeout: services.taskFollowLimit
            ) { status in
                guard status.status == .running, let isProgress,
                      let line = try? await cluster.client.taskLog(upid, start: 0, limit: 500).map(\.t).last(where: isProgress)
                else { return }
                await self.progress(Message(title: title, text: Markup.literal(line), footer: footer, severity: .pending))
            }
        } catch ProxmoxError.timeout {
            return .stillRunning
        }
        if final.succeeded == true { return .succeeded(final) }
        let log = (try? await cluster.client.taskLog(upid, start: 0, limit: 500)) ?? []
        return .failed(final, log: log.suffix(8).map(\.t))
    }
}
