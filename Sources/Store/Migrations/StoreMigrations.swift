import GRDB

/// The ordered list of schema migrations. Append new ones at the end; never reorder or edit.
enum StoreMigrations {
    static func makeMigrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(Migration01Audit.identifier, migrate: Migration01Audit.migrate)
        migrator.registerMigration(Migration02Confirmations.identifier, migrate: Migration02Confirmations.migrate)
        migrator.registerMigration(Migration03KeyValues.identifier, migrate: Migration03KeyValues.migrate)
        migrator.registerMigration(Migration04Alerting.identifier, migrate: Migration04Alerting.migrate)
        migrator.registerMigration(Migration05DeadLetters.identifier, migrate: Migration05DeadLetters.migrate)
        migrator.registerMigration(Migration06Concerns.identifier, migrate: Migration06Concerns.migrate)
        migrator.registerMigration(Migration07HandledEvents.identifier, migrate: Migration07HandledEvents.migrate)
        migrator.registerMigration(Migration08Reports.identifier, migrate: Migration08Reports.migrate)
        return migrator
    }
}
