import Glibc
import JSON
import Storage
import TestSupport
import Testing
@testable import monitor_service

/// A fresh migrated monitor-<n>.db in a temp directory.
final class MonitorStoreFixture {
    private let storage: TemporaryDatabase
    var db: SQLiteConnection { storage.db }

    init() throws {
        storage = try TemporaryDatabase(file: "monitor-1.db", migrations: MonitorSchema.migrations)
    }

    /// A step of run `token`; the first state saved for a session game
    /// inserts its row, as `monitors.start` does.
    @discardableResult
    func commit(_ target: MonitorTarget, state: JSONValue?, finished: Bool = false, reports: [JSONObject] = [],
                now: String = "2026-03-15T19:00:00.000Z", token: String = "run-1") throws -> [Int64] {
        try db.transaction {
            if let state, !finished,
               try db.query("SELECT 1 FROM monitors WHERE session_game_id = ?", [.integer(target.gameID)]).isEmpty {
                try MonitorStore.insert(db, target: target, token: token, state: state, now: now)
                return try MonitorStore.commit(db, target: target, token: token, state: nil, finished: false,
                                               reports: reports, now: now)
            }
            return try MonitorStore.commit(db, target: target, token: token, state: state, finished: finished,
                                           reports: reports, now: now)
        }
    }

    struct Row: Equatable {
        let sessionGameID: Int64?
        let sessionID: Int64?
        let roomCode: String?
        let state: JSONValue?
        let updatedAt: String?
    }

    /// The `monitors` table as stored, in session_game_id order.
    func rows() throws -> [Row] {
        try db.query("SELECT session_game_id, session_id, room_code, state, updated_at FROM monitors ORDER BY session_game_id")
            .map { row in
                Row(sessionGameID: row.int("session_game_id"), sessionID: row.int("session_id"),
                    roomCode: row.string("room_code"), state: row.string("state").flatMap { try? JSONValue.parse($0) },
                    updatedAt: row.string("updated_at"))
            }
    }

    func reportCount() throws -> Int64 {
        try db.query("SELECT COUNT(*) AS n FROM session_updates").first?.int("n") ?? -1
    }
}

@Suite struct MonitorStoreTests {
    let lsbn = MonitorTarget(sessionID: 3, gameID: 17, roomCode: "LSBN")
    let abcd = MonitorTarget(sessionID: 3, gameID: 18, roomCode: "ABCD")

    @Test func commitSavesTheStateOfANewMonitor() throws {
        let fixture = try MonitorStoreFixture()
        let state: JSONValue = ["phase": "lobby", "players": ["Alice", "Bob"], "slot": ["id": 7, "secret": "s3cr3t"]]
        let ids = try fixture.commit(lsbn, state: state, now: "2026-03-15T19:00:01.000Z")
        #expect(ids.isEmpty)
        #expect(try fixture.rows() == [.init(sessionGameID: 17, sessionID: 3, roomCode: "LSBN", state: state,
                                             updatedAt: "2026-03-15T19:00:01.000Z")])
        #expect(try fixture.reportCount() == 0)
    }

    @Test func commitReplacesTheSavedRowOfTheSameSessionGame() throws {
        let fixture = try MonitorStoreFixture()
        try fixture.commit(lsbn, state: ["phase": "lobby"], now: "2026-03-15T19:00:01.000Z")
        try fixture.commit(abcd, state: ["phase": "lobby"], now: "2026-03-15T19:00:02.000Z")
        // A new run for the same session game (a new room code) replaces the row.
        let moved = MonitorTarget(sessionID: 4, gameID: 17, roomCode: "WXYZ")
        try MonitorStore.insert(fixture.db, target: moved, token: "run-2", state: ["phase": "playing", "count": 5],
                                now: "2026-03-15T19:00:03.000Z")
        #expect(try fixture.rows() == [
            .init(sessionGameID: 17, sessionID: 4, roomCode: "WXYZ", state: ["phase": "playing", "count": 5],
                  updatedAt: "2026-03-15T19:00:03.000Z"),
            .init(sessionGameID: 18, sessionID: 3, roomCode: "ABCD", state: ["phase": "lobby"],
                  updatedAt: "2026-03-15T19:00:02.000Z"),
        ])
    }

    /// The replaced run may still be saving its last steps: neither its
    /// state nor its removal touches its successor's row.
    @Test func aReplacedRunCannotTouchItsSuccessorsRow() throws {
        let fixture = try MonitorStoreFixture()
        try fixture.commit(lsbn, state: ["phase": "lobby"], token: "old")
        let successor = MonitorTarget(sessionID: 3, gameID: 17, roomCode: "WXYZ")
        try MonitorStore.insert(fixture.db, target: successor, token: "new", state: ["phase": "fresh"],
                                now: "2026-03-15T19:00:02.000Z")
        try fixture.commit(lsbn, state: ["phase": "stale"], token: "old")
        try fixture.commit(lsbn, state: nil, finished: true, token: "old")
        #expect(try fixture.rows() == [.init(sessionGameID: 17, sessionID: 3, roomCode: "WXYZ", state: ["phase": "fresh"],
                                             updatedAt: "2026-03-15T19:00:02.000Z")])
        #expect(try MonitorStore.all(fixture.db).map(\.token) == ["new"])
    }

    @Test func commitReturnsTheReportIdsInOrder() throws {
        let fixture = try MonitorStoreFixture()
        let reports: [JSONObject] = [
            ["sessionGameId": 17, "roomCode": "LSBN", "checkStatus": "monitoring", "playerCount": 2],
            ["sessionGameId": 17, "roomCode": "LSBN", "checkStatus": "monitoring", "playerCount": 3],
            ["sessionGameId": 17, "roomCode": "LSBN", "checkStatus": "completed", "playerCount": 3, "status": "played"],
        ]
        let first = try fixture.commit(lsbn, state: ["phase": "lobby"], reports: Array(reports[0..<2]))
        #expect(first.count == 2)
        let second = try fixture.commit(lsbn, state: nil, finished: true, reports: [reports[2]])
        #expect(second.count == 1)
        let ids = first + second
        #expect(ids == ids.sorted() && Set(ids).count == 3, "\(ids)")

        let pending = try MonitorStore.pendingReports(fixture.db)
        #expect(pending.map(\.id) == ids)
        #expect(pending.map(\.params) == reports)
    }

    @Test func commitWithNoReportsReturnsNoIds() throws {
        let fixture = try MonitorStoreFixture()
        #expect(try fixture.commit(lsbn, state: ["phase": "lobby"], reports: []).isEmpty)
        #expect(try fixture.commit(lsbn, state: nil, reports: []).isEmpty)
        #expect(try MonitorStore.pendingReports(fixture.db).isEmpty)
    }

    @Test func finishedDeletesTheRowAndKeepsTheOthers() throws {
        let fixture = try MonitorStoreFixture()
        try fixture.commit(lsbn, state: ["phase": "playing"])
        try fixture.commit(abcd, state: ["phase": "lobby"])
        // The final state is not saved: the monitor is gone.
        let ids = try fixture.commit(lsbn, state: ["phase": "ended"], finished: true,
                                     reports: [["sessionGameId": 17, "roomCode": "LSBN", "checkStatus": "completed"]])
        #expect(ids.count == 1)
        #expect(try fixture.rows().map(\.sessionGameID) == [18])
        #expect(try MonitorStore.all(fixture.db).map(\.sessionGameID) == [18])
        #expect(try fixture.reportCount() == 1)
        // Finishing one that was never saved is harmless.
        try fixture.commit(MonitorTarget(sessionID: 3, gameID: 99, roomCode: "QQQQ"), state: nil, finished: true)
        #expect(try fixture.rows().map(\.sessionGameID) == [18])
    }

    @Test func aStepWithoutStateKeepsTheSavedOne() throws {
        let fixture = try MonitorStoreFixture()
        try fixture.commit(lsbn, state: ["phase": "lobby"], now: "2026-03-15T19:00:01.000Z")
        try fixture.commit(lsbn, state: nil, reports: [["sessionGameId": 17, "roomCode": "LSBN", "checkStatus": "monitoring"]],
                           now: "2026-03-15T19:00:05.000Z")
        #expect(try fixture.rows() == [.init(sessionGameID: 17, sessionID: 3, roomCode: "LSBN", state: ["phase": "lobby"],
                                             updatedAt: "2026-03-15T19:00:01.000Z")])
        #expect(try fixture.reportCount() == 1)
    }

    @Test func allReturnsSavedStatesInSessionGameOrder() throws {
        let fixture = try MonitorStoreFixture()
        for id: Int64 in [9, 2, 5] {
            try fixture.commit(MonitorTarget(sessionID: 1, gameID: id, roomCode: "AB\(id)C"),
                               state: ["game": .int(id), "nested": ["deep": [1, 2.5, nil, true]]])
        }
        let saved = try MonitorStore.all(fixture.db)
        #expect(saved.map(\.sessionGameID) == [2, 5, 9])
        #expect(saved.map(\.state) == [2, 5, 9].map { (id: Int64) -> JSONValue in
            ["game": .int(id), "nested": ["deep": [1, 2.5, nil, true]]]
        })
    }

    @Test func allSkipsUnreadableRows() throws {
        let fixture = try MonitorStoreFixture()
        try fixture.commit(lsbn, state: ["phase": "lobby"])
        try fixture.db.run("""
            INSERT INTO monitors (session_game_id, session_id, room_code, token, state, updated_at)
            VALUES (5, 1, 'BADX', 'run-1', 'not json {', '2026-03-15T19:00:00.000Z')
            """)
        try fixture.commit(abcd, state: ["phase": "playing"])
        let saved = try MonitorStore.all(fixture.db)
        #expect(saved.map(\.sessionGameID) == [17, 18])
        #expect(saved.map(\.state) == [["phase": "lobby"], ["phase": "playing"]])
    }

    @Test func allOfAnEmptyStore() throws {
        let fixture = try MonitorStoreFixture()
        #expect(try MonitorStore.all(fixture.db).isEmpty)
        #expect(try MonitorStore.pendingReports(fixture.db).isEmpty)
    }

    @Test func pendingReportsHonourTheLimitAndRemoveReport() throws {
        let fixture = try MonitorStoreFixture()
        var ids: [Int64] = []
        for count in 1...5 {
            ids += try fixture.commit(lsbn, state: ["count": .int(Int64(count))],
                                      reports: [["sessionGameId": 17, "roomCode": "LSBN", "checkStatus": "monitoring",
                                                 "playerCount": .int(Int64(count))]])
        }
        #expect(ids.count == 5)
        let two = try MonitorStore.pendingReports(fixture.db, limit: 2)
        #expect(two.map(\.id) == Array(ids[0..<2]))
        #expect(two.map { $0.params["playerCount"] } == [1, 2])

        try MonitorStore.removeReport(fixture.db, id: ids[0])
        try MonitorStore.removeReport(fixture.db, id: ids[2])
        let rest = try MonitorStore.pendingReports(fixture.db)
        #expect(rest.map(\.id) == [ids[1], ids[3], ids[4]])
        #expect(rest.map { $0.params["playerCount"] } == [2, 4, 5])
        // Removing again (a repeated acknowledgement) is harmless.
        try MonitorStore.removeReport(fixture.db, id: ids[0])
        #expect(try MonitorStore.pendingReports(fixture.db).count == 3)
        // A new report queues behind the remaining ones.
        let more = try fixture.commit(abcd, state: nil, reports: [["sessionGameId": 18, "roomCode": "ABCD",
                                                                    "checkStatus": "failed"]])
        #expect(try MonitorStore.pendingReports(fixture.db).map(\.id) == [ids[1], ids[3], ids[4]] + more)
        #expect(more.first.map { $0 > ids[4] } == true)
    }
}
