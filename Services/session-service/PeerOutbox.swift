import JSON
import Storage
import Synchronization

/// Calls to other services that a committed change owes them
/// (`peer_outbox`): a deleted session's votes to purge (vote-service), a room
/// monitor to start or stop (the owning monitor-service instance).
///
/// A row is written in the transaction that makes the change, so the change
/// and "tell the other service" commit together; `PeerOutboxForwarder` sends
/// the rows of each target in order and deletes each once acknowledged. The
/// receiving methods are idempotent, so a row sent twice (a crash between
/// the reply and the delete) does no harm.
enum PeerOutbox {
    /// `peer_outbox.target` of vote-service.
    static let voteService = "vote-service"

    /// `peer_outbox.target` of monitor-service instance `instance`.
    static func monitorService(_ instance: Int) -> String { "monitor-service:\(instance)" }

    struct Call: Sendable, Equatable {
        let id: Int64
        let target: String
        let method: String
        let params: JSONObject
    }

    static func enqueue(_ db: SQLiteConnection, target: String, method: String, params: JSONObject,
                        now: String) throws {
        try db.run("INSERT INTO peer_outbox (target, method, params, created_at) VALUES (?, ?, ?, ?)",
                   [.text(target), .text(method), .text(JSONValue.object(params).jsonString), .text(now)])
    }

    /// The oldest calls for `target`, in the order they were made.
    static func pending(_ db: SQLiteConnection, target: String, limit: Int = 100) throws -> [Call] {
        try db.query("SELECT id, method, params FROM peer_outbox WHERE target = ? ORDER BY id LIMIT ?",
                     [.text(target), .integer(Int64(limit))]).compactMap { row in
            guard let id = row.int("id"), let method = row.string("method"),
                  let params = row.string("params").flatMap({ try? JSONValue.parse($0) })?.objectValue else {
                return nil
            }
            return Call(id: id, target: target, method: method, params: params)
        }
    }

    static func remove(_ db: SQLiteConnection, id: Int64) throws {
        try db.run("DELETE FROM peer_outbox WHERE id = ?", [.integer(id)])
    }
}

/// Tells, inside a write transaction, whether it added `peer_outbox` rows,
/// so no domain function has to count the calls it owes: the highest id is
/// compared (one index lookup) with the highest one known to be committed.
/// `added` notes what it saw; `committed()` — after the transaction's
/// commit — makes that the new mark. A rolled-back transaction never
/// confirms, so a call that reuses its ids later still counts as added.
final class PeerCallWatch: Sendable {
    private struct Marks {
        var committed: Int64 = 0
        var seen: Int64 = 0
    }
    private let marks = Mutex(Marks())

    /// Database thread, inside the transaction. 1 when rows were added.
    func added(_ db: SQLiteConnection) throws -> Int {
        let highest = try db.query("SELECT MAX(id) AS id FROM peer_outbox").first?.int("id") ?? 0
        return marks.withLock { marks in
            // This transaction's view (jobs of one batch run in order, so
            // the last one's is the batch's); a rolled-back batch's view is
            // replaced by the next transaction's.
            marks.seen = highest
            return highest > marks.committed ? 1 : 0
        }
    }

    /// After a commit: what the transaction saw is now committed.
    func committed() {
        marks.withLock { $0.committed = $0.seen }
    }
}
