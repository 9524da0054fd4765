extension SQLiteConnection {
    /// Runs `body` in a write transaction: committed if it returns, rolled
    /// back if it throws.
    ///
    /// `BEGIN IMMEDIATE` takes the write lock up front. A deferred `BEGIN`
    /// would start as a reader and try to upgrade at the first write, which can
    /// fail with SQLITE_BUSY halfway through the body; failing at BEGIN, before
    /// any work, is the only place a busy error is cheap to handle.
    ///
    /// Called inside an open transaction (for instance inside a
    /// `DatabaseWorker.write` job, which already runs in the batch transaction)
    /// it becomes a savepoint, so code that needs atomicity can say
    /// `transaction` without knowing where it runs.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if isInTransaction {
            return try savepoint("nested_transaction", body)
        }
        try run("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try run("COMMIT")
            return result
        } catch {
            rollbackIfActive()
            throw error
        }
    }

    /// Runs `body` inside `SAVEPOINT name`: released if it returns; if it
    /// throws, only the work since the savepoint is undone and the enclosing
    /// transaction carries on. Savepoints nest; reusing a name is fine, the
    /// innermost one is meant.
    ///
    /// Outside any transaction a savepoint starts a *deferred* one; prefer
    /// `transaction` at the top level.
    @discardableResult
    public func savepoint<T>(_ name: String, _ body: () throws -> T) throws -> T {
        let quoted = Self.quoteIdentifier(name)
        try run("SAVEPOINT \(quoted)")
        do {
            let result = try body()
            try run("RELEASE \(quoted)")
            return result
        } catch {
            // Some errors (SQLITE_FULL, I/O errors) make SQLite roll back the
            // whole transaction itself; then there is no savepoint left to undo.
            if isInTransaction {
                _ = try? run("ROLLBACK TO \(quoted)")
                _ = try? run("RELEASE \(quoted)")
            }
            throw error
        }
    }

    /// Ends a transaction after a failure. Errors are ignored: the caller is
    /// already reporting the original one, which is the one that matters.
    func rollbackIfActive() {
        if isInTransaction {
            _ = try? run("ROLLBACK")
        }
    }

    /// Savepoint names are identifiers, which cannot be bound as parameters;
    /// double-quoting (and doubling embedded quotes) keeps any name inert.
    static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }
}
