import Foundation
import Integrations
import Logging
import NexBoardCore
import ServiceLifecycle

/// Checks every configured app on its own interval (on `clock`), the first time at start, and
/// writes each result to the board.
struct AppCheckSchedule: Service {
    let board: AppStatusBoard
    let checker: AppChecker
    let clock: AnyClock
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            for app in board.apps {
                group.addTask {
                    while !Task.isCancelled && !Task.isShuttingDownGracefully {
                        let result = await checker.check(app, logger: logger)
                        if !result.isUp {
                            logger.info("App check failed", metadata: ["app": "\(app.name)", "problem": "\(result.problem ?? "")"])
                        }
                        await board.record(result, at: now())
                        try? await cancelWhenGracefulShutdown { try await clock.sleep(for: app.interval) }
                    }
                }
            }
        }
    }
}
