import Contracts
import JSON
import ServiceSupport
import Storage

/// Session history: the archive flag on closed sessions, the filtered and
/// paged list, and the all-or-nothing bulk actions.
///
/// - `GET /api/sessions?filter=default|archived|all&limit=N&before=<created_at>`:
///   newest first (`created_at DESC, id DESC`). With no parameter at all
///   it is the sessions document's answer: every session (plus the
///   `archived` field). Otherwise no `filter` means `default`, which hides
///   archived sessions. `limit` is
///   1…`maxLimit` (larger values are capped); `before` is any timestamp
///   `Timestamp.parse` reads and keeps the rows strictly older than it.
///   With `limit` and a non-empty page, the last row's `created_at` is
///   returned as the `X-Prev-Last-Date` header: the next page is
///   `before=<it>`. Session timestamps are whole milliseconds and only one
///   session can be active at a time, so two sessions never share one.
/// - The method answers the envelope `{"headers": {…}, "body": [...]}`;
///   the gateway (`Forward.Answer.enveloped`) sends `body` as the JSON
///   answer with those headers.
enum SessionHistory {
    typealias Outcome = WriteOutcome

    static let maxLimit: Int64 = 100
    /// How many ids one bulk call may name.
    static let maxBulkIDs = 1000
    static let prevLastDateHeader = "X-Prev-Last-Date"

    static let cannotArchiveActive = APIError.badRequest("Cannot archive an active session")
    static let cannotModifyActive = APIError.badRequest("Cannot modify the active session")
    static let invalidAction = APIError.badRequest("Invalid action")
    static let invalidIDs = APIError.badRequest("ids must be a non-empty array of session ids")

    // MARK: The list

    struct ListQuery: Sendable, Equatable {
        enum Filter: String, Sendable {
            case `default`, archived, all
        }

        var filter: Filter = .default
        var limit: Int64?
        /// Normalized (`Timestamp.format`), so it compares with `created_at`.
        var before: String?

        init(filter: Filter = .default, limit: Int64? = nil, before: String? = nil) {
            self.filter = filter
            self.limit = limit
            self.before = before
        }

        /// From the forwarded query; a value its parameter does not take is
        /// 400 `Invalid query parameter: <name>`. With none of the three
        /// parameters the list is the sessions document's — every session,
        /// archived ones included; `filter=default` (also the filter when
        /// only `limit`/`before` are given) hides the archived ones.
        init(_ params: RequestParams) throws(APIError) {
            func invalid(_ name: String) -> APIError { APIError.badRequest("Invalid query parameter: \(name)") }
            if params.query("filter") == nil, params.query("limit") == nil, params.query("before") == nil {
                filter = .all
            }
            if let text = params.query("filter") {
                guard let filter = Filter(rawValue: text) else { throw invalid("filter") }
                self.filter = filter
            }
            if let text = params.query("limit") {
                guard text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int64(text), value > 0 else {
                    throw invalid("limit")
                }
                limit = min(value, SessionHistory.maxLimit)
            }
            if let text = params.query("before") {
                guard let milliseconds = Timestamp.parse(text) else { throw invalid("before") }
                before = Timestamp.format(milliseconds: milliseconds)
            }
        }

        /// The SELECT with its conditions, order and limit.
        var sql: (text: String, bindings: [SQLiteValue]) {
            var conditions: [String] = []
            var bindings: [SQLiteValue] = []
            switch filter {
            case .default: conditions.append("s.archived = 0")
            case .archived: conditions.append("s.archived = 1")
            case .all: break
            }
            if let before {
                conditions.append("s.created_at < ?")
                bindings.append(.text(before))
            }
            var text = SessionQueries.session
            if !conditions.isEmpty { text += " WHERE " + conditions.joined(separator: " AND ") }
            text += " ORDER BY s.created_at DESC, s.id DESC"
            if let limit {
                text += " LIMIT ?"
                bindings.append(.integer(limit))
            }
            return (text, bindings)
        }
    }

    /// `sessions.list`: the envelope `{"headers", "body"}`.
    static func list(_ db: SQLiteConnection, _ query: ListQuery) throws -> JSONValue {
        let (text, bindings) = query.sql
        let rows = try db.query(text, bindings)
        var headers = JSONObject()
        if query.limit != nil, let last = rows.last?.string("created_at") {
            headers.append(prevLastDateHeader, .string(last))
        }
        return ["headers": .object(headers), "body": rows.jsonArray]
    }

    // MARK: Archive

    /// `POST /api/sessions/{id}/archive` and `…/unarchive`: the session
    /// object. Idempotent; only a closed session can be archived (an
    /// active one is never archived, so unarchiving it changes nothing).
    static func setArchived(_ db: SQLiteConnection, id: Int64, archived: Bool) throws -> Outcome {
        let session = try SessionsDomain.get(db, id: id)
        if archived && session["is_active"] == 1 { throw cannotArchiveActive }
        try db.run("UPDATE sessions SET archived = ? WHERE id = ?", [.integer(archived ? 1 : 0), .integer(id)])
        return Outcome(body: .object(try SessionsDomain.get(db, id: id)))
    }

    // MARK: Bulk

    enum Action: String, Sendable {
        case archive, unarchive, delete
    }

    /// A validated bulk body: the action and the distinct ids, in the
    /// order first given.
    struct BulkRequest: Sendable, Equatable {
        let action: Action
        let ids: [Int64]

        static func parse(_ body: JSONObject) throws(APIError) -> BulkRequest {
            guard let text = body["action"]?.stringValue, let action = Action(rawValue: text) else {
                throw SessionHistory.invalidAction
            }
            guard let values = body["ids"]?.arrayValue, !values.isEmpty,
                  values.count <= SessionHistory.maxBulkIDs else { throw SessionHistory.invalidIDs }
            var ids: [Int64] = []
            var seen = Set<Int64>()
            for value in values {
                guard case .int(let id) = value, id > 0 else { throw SessionHistory.invalidIDs }
                if seen.insert(id).inserted { ids.append(id) }
            }
            return BulkRequest(action: action, ids: ids)
        }
    }

    /// `POST /api/sessions/bulk`: all or nothing, in the caller's
    /// transaction. Unknown ids are refused first (400 listing them), then
    /// the active session; `affected` counts the sessions the action
    /// changed (an already archived session archived again is not counted).
    static func bulk(_ db: SQLiteConnection, body: JSONObject, now: String, monitors: MonitorCommands) throws -> Outcome {
        let request = try BulkRequest.parse(body)
        var unknown: [JSONValue] = []
        var active = false
        for id in request.ids {
            guard let row = try db.query("SELECT is_active FROM sessions WHERE id = ?", [.integer(id)]).first else {
                unknown.append(.int(id))
                continue
            }
            if row.int("is_active") == 1 { active = true }
        }
        if !unknown.isEmpty { throw APIError(400, "Session not found", extra: ["ids": .array(unknown)]) }
        if active { throw cannotModifyActive }
        var affected = 0
        switch request.action {
        case .archive, .unarchive:
            let value: Int64 = request.action == .archive ? 1 : 0
            for id in request.ids {
                affected += try db.run("UPDATE sessions SET archived = ? WHERE id = ? AND archived != ?",
                                       [.integer(value), .integer(id), .integer(value)])
            }
        case .delete:
            for id in request.ids {
                try SessionsDomain.remove(db, id: id, now: now, monitors: monitors)
                affected += 1
            }
        }
        return Outcome(body: ["success": true, "affected": .int(Int64(affected))],
                       outboxRows: request.action == .delete ? request.ids.count : 0)
    }
}
