import GRDB

/// v4: alerting: the state of each alert, channel subscriptions, silences, the notification
/// outbox and the alert history.
///
/// Landed; never edit. Change the schema with a new, higher-numbered migration.
enum Migration04Alerting {
    static let identifier = "v4-alerting"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE alert_state (
                id TEXT PRIMARY KEY NOT NULL,
                cluster TEXT NOT NULL,
                rule TEXT NOT NULL,
                target TEXT NOT NULL,
                label TEXT NOT NULL,
                severity TEXT NOT NULL,
                status TEXT NOT NULL,
                machine TEXT NOT NULL,
                updated_at_ms INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX alert_state_cluster ON alert_state (cluster);
            CREATE TABLE alert_subscription (
                destination TEXT PRIMARY KEY NOT NULL,
                filter TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE alert_silence (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                matcher TEXT NOT NULL,
                reason TEXT,
                created_by TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL,
                ends_at_ms INTEGER NOT NULL
            );
            CREATE INDEX alert_silence_ends_at ON alert_silence (ends_at_ms);
            CREATE TABLE alert_outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                dedupe_key TEXT NOT NULL,
                destination TEXT NOT NULL,
                thread_key TEXT,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at_ms INTEGER NOT NULL,
                handle TEXT,
                last_error TEXT,
                created_at_ms INTEGER NOT NULL,
                sent_at_ms INTEGER,
                UNIQUE (dedupe_key, destination)
            );
            CREATE INDEX alert_outbox_pending ON alert_outbox (state, next_attempt_at_ms);
            CREATE INDEX alert_outbox_thread ON alert_outbox (thread_key, destination);
            CREATE TABLE alert_history (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                dedupe_key TEXT NOT NULL UNIQUE,
                time_ms INTEGER NOT NULL,
                cluster TEXT NOT NULL,
                kind TEXT NOT NULL,
                severity TEXT NOT NULL,
                text TEXT NOT NULL
            );
            CREATE INDEX alert_history_time ON alert_history (time_ms);
            """)
    }
}
