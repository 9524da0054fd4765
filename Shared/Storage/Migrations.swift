/// Schema migrations as an ordered list of SQL scripts.
///
/// `PRAGMA user_version` (a free integer in the database header) records how
/// many steps have been applied. Steps are append-only: once shipped, a step
/// is never edited or removed, only followed by a new one.
public enum Migrations {
    /// Applies the steps the database has not seen yet, in order; returns how
    /// many it applied (0 on every start after the first).
    ///
    /// Each step and its `user_version` bump commit in ONE transaction, so a
    /// crash or a failing statement leaves the database at the previous
    /// version with none of the step's changes — never half-migrated.
    /// The version is read inside that write transaction, so two processes
    /// starting at once cannot both apply the same step.
    ///
    /// A step must be transactional SQL: `PRAGMA journal_mode`, `VACUUM` and
    /// `PRAGMA foreign_keys` do not work (or silently do nothing) inside a
    /// transaction.
    ///
    /// Throws `MigrationError.databaseIsNewer` when the file was written by a
    /// newer build: running old code on a newer schema could corrupt data, so
    /// refusing to start is the safe answer to a rollback of the binary.
    @discardableResult
    public static func migrate(_ connection: SQLiteConnection, _ steps: [String]) throws -> Int {
        var applied = 0
        while try applyNextStep(connection, steps) {
            applied += 1
        }
        return applied
    }

    /// The number of steps recorded in the database.
    public static func version(of connection: SQLiteConnection) throws -> Int {
        Int(try connection.query("PRAGMA user_version").first?.int("user_version") ?? 0)
    }

    private static func applyNextStep(_ connection: SQLiteConnection, _ steps: [String]) throws -> Bool {
        try connection.transaction {
            let version = try version(of: connection)
            guard version <= steps.count else {
                throw MigrationError.databaseIsNewer(databaseVersion: version, knownSteps: steps.count)
            }
            guard version < steps.count else { return false }
            do {
                try connection.execute(steps[version])
            } catch {
                throw MigrationError.stepFailed(step: version + 1, underlying: error)
            }
            // PRAGMA takes no parameters; the value is our own integer, not input.
            try connection.execute("PRAGMA user_version = \(version + 1)")
            return true
        }
    }
}

public enum MigrationError: Error, Sendable {
    /// The database records more applied steps than this build knows about.
    case databaseIsNewer(databaseVersion: Int, knownSteps: Int)
    /// Step number `step` (1-based) failed and was rolled back.
    case stepFailed(step: Int, underlying: any Error)
}
