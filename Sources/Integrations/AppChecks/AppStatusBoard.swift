import Foundation

/// The latest result of every app check, written by the checks' schedule and read by `apps`,
/// the overview and the alert source.
public actor AppStatusBoard {
    /// The checks in configuration order.
    public nonisolated let apps: [AppCheck]
    private var results: [String: (result: AppCheckResult, at: Date)] = [:]

    public init(apps: [AppCheck]) {
        self.apps = apps
    }

    public func record(_ result: AppCheckResult, at date: Date) {
        results[result.name] = (result, date)
    }

    /// The latest result of each app and when it came, in configuration order; nil for one not checked yet.
    public func latest() -> [(app: AppCheck, result: AppCheckResult?, at: Date?)] {
        apps.map { app in (app, results[app.name]?.result, results[app.name]?.at) }
    }
}
