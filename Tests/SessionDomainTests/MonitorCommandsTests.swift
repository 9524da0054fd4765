import Contracts
import JSON
import Storage
import Testing
@testable import session_service

// Expected owners below are worked from the documented formula
// (SplitMix64 finalizer of the id, mod N, + 1) in Python, not by calling
// `InstanceOwner`:
//
//   id:    1  2  3  4  5  6
//   N = 3: 2  2  3  3  1  2
//   N = 5: 5  1  2  3  3  3
//   N = 6: 2  5  3  3  1  5

/// One `peer_outbox` row as stored (params parsed).
struct MonitorOutboxRow: CustomStringConvertible {
    let id: Int64
    let target: String
    let method: String
    let params: JSONObject
    let createdAt: String

    var description: String { "#\(id) \(target) \(method) \(JSONValue.object(params).jsonString)" }

    /// Same target, method and params (params compared member by member,
    /// whatever their order).
    func matches(_ target: String, _ method: String, _ params: JSONObject) -> Bool {
        self.target == target && self.method == method && sameMembers(self.params, params)
    }
}

func sameMembers(_ lhs: JSONObject, _ rhs: JSONObject) -> Bool {
    guard lhs.count == rhs.count else { return false }
    return lhs.members.allSatisfy { rhs[$0.key] == $0.value }
}

/// Every `peer_outbox` row, oldest first; read straight from the table.
func monitorOutboxRows(_ db: SQLiteConnection, after id: Int64 = 0) throws -> [MonitorOutboxRow] {
    try db.query("SELECT id, target, method, params, created_at FROM peer_outbox WHERE id > ? ORDER BY id",
                 [.integer(id)]).map { row in
        let text = row.string("params") ?? ""
        let params = (try? JSONValue.parse(text))?.objectValue
        #expect(params != nil, "params is not a JSON object: \(text)")
        return MonitorOutboxRow(id: row.int("id") ?? -1, target: row.string("target") ?? "",
                                method: row.string("method") ?? "", params: params ?? [:],
                                createdAt: row.string("created_at") ?? "")
    }
}

/// The last `peer_outbox` id (0 when empty): a mark to read only what a step added.
func monitorOutboxMark(_ db: SQLiteConnection) throws -> Int64 {
    try db.query("SELECT MAX(id) AS id FROM peer_outbox").first?.int("id") ?? 0
}

/// The monitor-related columns of a session game (nil when the row is gone).
struct MonitorGameColumns: Equatable {
    let status: String?
    let roomCode: String?
    let check: String?
    let instance: Int64?
    let playerCount: Int64?
}

func monitorGameColumns(_ db: SQLiteConnection, _ sessionGameID: Int64) throws -> MonitorGameColumns? {
    try db.query("""
        SELECT status, room_code, player_count_check_status, monitor_instance, player_count
        FROM session_games WHERE id = ?
        """, [.integer(sessionGameID)]).first.map {
        MonitorGameColumns(status: $0.string("status"), roomCode: $0.string("room_code"),
                           check: $0.string("player_count_check_status"), instance: $0.int("monitor_instance"),
                           playerCount: $0.int("player_count"))
    }
}

extension DomainFixture {
    /// Adds `game` to `session` (with `roomCode` when given) through the
    /// domain, with `monitors`; the new session game's id.
    @discardableResult
    func addMonitoredGame(_ session: Int64, game: Int64, roomCode: String? = nil,
                          monitors: MonitorCommands) throws -> Int64 {
        var body: JSONObject = ["game_id": .int(game)]
        if let roomCode { body["room_code"] = .string(roomCode) }
        return try write { db, now in
            try SessionGamesDomain.add(db, sessionID: session, body: body, now: now, monitors: monitors)
        }.body["id"]!.intValue!
    }

    /// Runs `body` in a transaction with a fresh `now`, for calls that do
    /// not return an outcome.
    func inTransaction<T>(_ body: (SQLiteConnection, String) throws -> T) throws -> T {
        let now = now()
        return try db.transaction { try body(db, now) }
    }
}

@Suite struct MonitorCommandsTests {
    // MARK: owner

    @Test func ownerIsRecordedOnFirstUseAndKeptWhileWithinRange() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        let sg = try fixture.addToSession(session, game: game)
        #expect(sg == 1)
        #expect(try monitorGameColumns(fixture.db, sg)?.instance == nil)

        // First use with N = 5: chosen (id 1 → 5) and recorded.
        #expect(try MonitorCommands(instances: 5).owner(fixture.db, sessionGameID: sg) == 5)
        #expect(try monitorGameColumns(fixture.db, sg)?.instance == 5)
        // N grows to 6 (id 1 would now be 2): the recorded owner stays.
        #expect(try MonitorCommands(instances: 6).owner(fixture.db, sessionGameID: sg) == 5)
        #expect(try monitorGameColumns(fixture.db, sg)?.instance == 5)
        // Same N again: unchanged.
        #expect(try MonitorCommands(instances: 5).owner(fixture.db, sessionGameID: sg) == 5)
        #expect(try monitorGameColumns(fixture.db, sg)?.instance == 5)
    }

    @Test func ownerAboveNAfterShrinkingIsReplacedAndRecorded() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        let sg = try fixture.addToSession(session, game: game)
        #expect(try MonitorCommands(instances: 5).owner(fixture.db, sessionGameID: sg) == 5)
        // N shrinks to 3: 5 is out of range → InstanceOwner(1, 3) = 2, recorded.
        #expect(try MonitorCommands(instances: 3).owner(fixture.db, sessionGameID: sg) == 2)
        #expect(try monitorGameColumns(fixture.db, sg)?.instance == 2)
        #expect(InstanceOwner.owner(sessionGameID: sg, instances: 3) == 2)
        // Growing back to 5 keeps 2 (InstanceOwner would say 5).
        #expect(try MonitorCommands(instances: 5).owner(fixture.db, sessionGameID: sg) == 2)
        #expect(try monitorGameColumns(fixture.db, sg)?.instance == 2)
        // Down to one instance: everything moves to 1.
        #expect(try MonitorCommands.single.owner(fixture.db, sessionGameID: sg) == 1)
        #expect(try monitorGameColumns(fixture.db, sg)?.instance == 1)
    }

    @Test func recordedOwnerOutsideRangeBelowOneIsReplaced() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        let sg = try fixture.addToSession(session, game: game)
        try fixture.db.run("UPDATE session_games SET monitor_instance = 0 WHERE id = ?", [.integer(sg)])
        #expect(try MonitorCommands(instances: 3).owner(fixture.db, sessionGameID: sg) == 2)
        #expect(try monitorGameColumns(fixture.db, sg)?.instance == 2)
    }

    @Test func ownersOfSeveralGamesFollowTheFormula() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        var ids: [Int64] = []
        for _ in 0..<6 { ids.append(try fixture.addToSession(session, game: game)) }
        #expect(ids == [1, 2, 3, 4, 5, 6])
        let monitors = MonitorCommands(instances: 3)
        let owners = try ids.map { try monitors.owner(fixture.db, sessionGameID: $0) }
        #expect(owners == [2, 2, 3, 3, 1, 2])
        #expect(try ids.map { try monitorGameColumns(fixture.db, $0)?.instance } == [2, 2, 3, 3, 1, 2])
    }

    // MARK: start

    @Test func startEnqueuesOneCallToTheOwnerAndMarksMonitoring() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        for _ in 0..<2 { try fixture.addToSession(session, game: game) }
        let sg = try fixture.addToSession(session, game: game)
        #expect(sg == 3)
        var stamp = ""
        try fixture.inTransaction { db, now in
            stamp = now
            try MonitorCommands(instances: 3).start(db, sessionID: session, sessionGameID: sg, roomCode: "ABCD", now: now)
        }
        let rows = try monitorOutboxRows(fixture.db)
        #expect(rows.count == 1, "\(rows)")
        let row = try #require(rows.first)
        #expect(row.target == "monitor-service:3")
        #expect(row.method == "monitors.start")
        #expect(row.method == Method.monitorsStart)
        #expect(sameMembers(row.params, ["sessionId": .int(session), "sessionGameId": .int(sg), "roomCode": "ABCD"]),
                "\(row)")
        #expect(row.createdAt == stamp)
        let columns = try monitorGameColumns(fixture.db, sg)
        #expect(columns?.check == "monitoring")
        #expect(columns?.instance == 3)
        // Only that game changed.
        #expect(try monitorGameColumns(fixture.db, 1)?.check == "not_started")
        #expect(try monitorGameColumns(fixture.db, 2)?.check == "not_started")
    }

    @Test func startAgainGoesToTheRecordedOwnerEvenAfterNGrew() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        let sg = try fixture.addToSession(session, game: game)
        try fixture.inTransaction { db, now in
            try MonitorCommands(instances: 3).start(db, sessionID: session, sessionGameID: sg, roomCode: "ABCD", now: now)
        }
        try fixture.inTransaction { db, now in
            try MonitorCommands(instances: 5).start(db, sessionID: session, sessionGameID: sg, roomCode: "WXYZ", now: now)
        }
        let rows = try monitorOutboxRows(fixture.db)
        #expect(rows.map(\.target) == ["monitor-service:2", "monitor-service:2"])
        #expect(rows.map { $0.params["roomCode"] } == ["ABCD", "WXYZ"])
        #expect(try monitorGameColumns(fixture.db, sg)?.instance == 2)
    }

    @Test func startAfterShrinkGoesToTheNewOwner() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        let sg = try fixture.addToSession(session, game: game)
        try fixture.inTransaction { db, now in
            try MonitorCommands(instances: 5).start(db, sessionID: session, sessionGameID: sg, roomCode: "ABCD", now: now)
        }
        try fixture.inTransaction { db, now in
            try MonitorCommands(instances: 3).start(db, sessionID: session, sessionGameID: sg, roomCode: "ABCD", now: now)
        }
        #expect(try monitorOutboxRows(fixture.db).map(\.target) == ["monitor-service:5", "monitor-service:2"])
        #expect(try monitorGameColumns(fixture.db, sg)?.instance == 2)
    }

    // MARK: stop

    @Test func stopTouchesOnlyMonitoringGamesAndCountsThem() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        var ids: [Int64] = []
        for _ in 0..<5 { ids.append(try fixture.addToSession(session, game: game)) }
        let monitors = MonitorCommands(instances: 3)
        // 1 and 3: monitoring; 2: completed (owner recorded); 4: stopped; 5: never started.
        try fixture.inTransaction { db, now in
            for id in [ids[0], ids[1], ids[2], ids[3]] {
                try monitors.start(db, sessionID: session, sessionGameID: id, roomCode: "ABCD", now: now)
            }
            try db.run("UPDATE session_games SET player_count_check_status = 'completed' WHERE id = ?", [.integer(ids[1])])
            try db.run("UPDATE session_games SET player_count_check_status = 'stopped' WHERE id = ?", [.integer(ids[3])])
        }
        let mark = try monitorOutboxMark(fixture.db)
        var stamp = ""
        let stopped = try fixture.inTransaction { db, now in
            stamp = now
            return try monitors.stop(db, sessionGameIDs: ids, reason: .manual, now: now)
        }
        #expect(stopped == 2)
        let rows = try monitorOutboxRows(fixture.db, after: mark)
        #expect(rows.count == 2, "\(rows)")
        if rows.count == 2 {
            #expect(rows[0].matches("monitor-service:2", "monitors.stop", ["sessionGameId": .int(ids[0]), "reason": "manual"]),
                    "\(rows[0])")
            #expect(rows[1].matches("monitor-service:3", "monitors.stop", ["sessionGameId": .int(ids[2]), "reason": "manual"]),
                    "\(rows[1])")
            #expect(rows.allSatisfy { $0.createdAt == stamp })
        }
        #expect(try ids.map { try monitorGameColumns(fixture.db, $0)?.check }
                == ["stopped", "completed", "stopped", "stopped", "not_started"])

        // A second stop finds nothing running.
        let mark2 = try monitorOutboxMark(fixture.db)
        let again = try fixture.inTransaction { db, now in
            try monitors.stop(db, sessionGameIDs: ids, reason: .manual, now: now)
        }
        #expect(again == 0)
        #expect(try monitorOutboxRows(fixture.db, after: mark2).isEmpty)
    }

    @Test func stopGoesToTheRecordedInstanceWhateverN() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        let sg = try fixture.addToSession(session, game: game)
        try fixture.inTransaction { db, now in
            try MonitorCommands(instances: 5).start(db, sessionID: session, sessionGameID: sg, roomCode: "ABCD", now: now)
        }
        let mark = try monitorOutboxMark(fixture.db)
        let stopped = try fixture.inTransaction { db, now in
            try MonitorCommands(instances: 3).stop(db, sessionGameIDs: [sg], reason: .sessionClosed, now: now)
        }
        #expect(stopped == 1)
        let rows = try monitorOutboxRows(fixture.db, after: mark)
        #expect(rows.count == 1)
        #expect(rows.first?.matches("monitor-service:5", "monitors.stop",
                                    ["sessionGameId": .int(sg), "reason": "session_closed"]) == true, "\(rows)")
        // Stopping does not re-choose the owner.
        #expect(try monitorGameColumns(fixture.db, sg)?.instance == 5)
    }

    @Test(arguments: [
        (MonitorCommands.Reason.manual, "manual"),
        (.sessionClosed, "session_closed"),
        (.gameRemoved, "game_removed"),
        (.roomCodeChanged, "room_code_changed"),
        (.statusChanged, "status_changed"),
    ])
    func stopCarriesTheReasonMonitorServiceKnows(reason: MonitorCommands.Reason, wire: String) throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        let sg = try fixture.addToSession(session, game: game)
        try fixture.inTransaction { db, now in
            try MonitorCommands.single.start(db, sessionID: session, sessionGameID: sg, roomCode: "ABCD", now: now)
            try MonitorCommands.single.stop(db, sessionGameIDs: [sg], reason: reason, now: now)
        }
        let rows = try monitorOutboxRows(fixture.db)
        #expect(rows.count == 2)
        #expect(rows.last?.matches("monitor-service:1", "monitors.stop", ["sessionGameId": .int(sg), "reason": .string(wire)])
                == true, "\(rows)")
    }

    @Test func stopOfUnknownIDsDoesNothing() throws {
        let fixture = try DomainFixture()
        let stopped = try fixture.inTransaction { db, now in
            try MonitorCommands(instances: 3).stop(db, sessionGameIDs: [1, 42], reason: .manual, now: now)
        }
        #expect(stopped == 0)
        #expect(try monitorOutboxRows(fixture.db).isEmpty)
    }

    // MARK: monitored

    @Test func monitoredListsTheSessionsRunningMonitorsOptionallyOnlyPlaying() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let first = try fixture.createSession()
        let old = try fixture.addToSession(first, game: game)
        try fixture.db.run("UPDATE sessions SET is_active = 0 WHERE id = ?", [.integer(first)])
        let session = try fixture.createSession()
        var ids: [Int64] = []
        for _ in 0..<4 { ids.append(try fixture.addToSession(session, game: game)) }
        // ids[0] played + monitoring, ids[1] played + stopped, ids[2] skipped + monitoring,
        // ids[3] playing + monitoring; `old` (another session) playing + monitoring.
        try fixture.db.run("UPDATE session_games SET player_count_check_status = 'monitoring' WHERE id IN (?, ?, ?, ?)",
                           [.integer(ids[0]), .integer(ids[2]), .integer(ids[3]), .integer(old)])
        try fixture.db.run("UPDATE session_games SET player_count_check_status = 'stopped' WHERE id = ?", [.integer(ids[1])])
        try fixture.db.run("UPDATE session_games SET status = 'skipped' WHERE id = ?", [.integer(ids[2])])
        #expect(try monitorGameColumns(fixture.db, ids[0])?.status == "played")
        #expect(try monitorGameColumns(fixture.db, ids[3])?.status == "playing")
        #expect(try monitorGameColumns(fixture.db, old)?.status == "playing")

        #expect(try Set(MonitorCommands.monitored(fixture.db, sessionID: session)) == [ids[0], ids[2], ids[3]])
        #expect(try MonitorCommands.monitored(fixture.db, sessionID: session, playingOnly: true) == [ids[3]])
        #expect(try MonitorCommands.monitored(fixture.db, sessionID: first) == [old])
        #expect(try MonitorCommands.monitored(fixture.db, sessionID: first, playingOnly: true) == [old])
        #expect(try MonitorCommands.monitored(fixture.db, sessionID: 99).isEmpty)
    }

    @Test func monitoredPlayingOnlyIsEmptyWhenThePlayingGameIsNotMonitored() throws {
        let fixture = try DomainFixture()
        let game = try fixture.addGame()
        let session = try fixture.createSession()
        let played = try fixture.addToSession(session, game: game)
        try fixture.addToSession(session, game: game)
        try fixture.db.run("UPDATE session_games SET player_count_check_status = 'monitoring' WHERE id = ?", [.integer(played)])
        #expect(try MonitorCommands.monitored(fixture.db, sessionID: session) == [played])
        #expect(try MonitorCommands.monitored(fixture.db, sessionID: session, playingOnly: true).isEmpty)
    }
}

// MARK: - The domain hooks

extension MonitorCommandsTests {
    /// The start/stop calls the session and session-game rules owe, with
    /// three monitor instances. Session game 1 and 2 are owned by 2, 3 by 3.
    @Suite struct DomainHooks {
        let monitors = MonitorCommands(instances: 3)

        func start(_ id: Int64, _ session: Int64, _ code: String, instance: Int) -> (String, String, JSONObject) {
            ("monitor-service:\(instance)", "monitors.start",
             ["sessionId": .int(session), "sessionGameId": .int(id), "roomCode": .string(code)])
        }

        func stop(_ id: Int64, _ reason: String, instance: Int) -> (String, String, JSONObject) {
            ("monitor-service:\(instance)", "monitors.stop", ["sessionGameId": .int(id), "reason": .string(reason)])
        }

        func expectRows(_ rows: [MonitorOutboxRow], _ expected: [(String, String, JSONObject)],
                        sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(rows.count == expected.count, "\(rows)", sourceLocation: sourceLocation)
            for (row, call) in zip(rows, expected) {
                #expect(row.matches(call.0, call.1, call.2),
                        "\(row) ≠ \(call.0) \(call.1) \(JSONValue.object(call.2).jsonString)", sourceLocation: sourceLocation)
            }
            #expect(rows.map(\.id) == rows.map(\.id).sorted(), sourceLocation: sourceLocation)
        }

        @Test func addWithARoomCodeStartsItsMonitor() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let sg = try fixture.addMonitoredGame(session, game: game, roomCode: "ABCD", monitors: monitors)
            expectRows(try monitorOutboxRows(fixture.db), [start(sg, session, "ABCD", instance: 2)])
            let columns = try monitorGameColumns(fixture.db, sg)
            #expect(columns?.check == "monitoring")
            #expect(columns?.instance == 2)
            #expect(columns?.status == "playing")
        }

        @Test func addWithoutARoomCodeStartsNothing() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let sg = try fixture.addMonitoredGame(session, game: game, monitors: monitors)
            #expect(try monitorOutboxRows(fixture.db).isEmpty)
            #expect(try monitorGameColumns(fixture.db, sg)?.check == "not_started")
            #expect(try monitorGameColumns(fixture.db, sg)?.instance == nil)
        }

        @Test func addingTheNextGameStopsThePlayingMonitorAndStartsTheNew() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let first = try fixture.addMonitoredGame(session, game: game, roomCode: "ABCD", monitors: monitors)
            let second = try fixture.addMonitoredGame(session, game: game, roomCode: "WXYZ", monitors: monitors)
            expectRows(try monitorOutboxRows(fixture.db), [
                start(first, session, "ABCD", instance: 2),
                stop(first, "status_changed", instance: 2),
                start(second, session, "WXYZ", instance: 2),
            ])
            #expect(try monitorGameColumns(fixture.db, first)?.check == "stopped")
            #expect(try monitorGameColumns(fixture.db, first)?.status == "played")
            #expect(try monitorGameColumns(fixture.db, second)?.check == "monitoring")

            // A third game without a code: the second stops, nothing starts.
            let mark = try monitorOutboxMark(fixture.db)
            let third = try fixture.addMonitoredGame(session, game: game, monitors: monitors)
            expectRows(try monitorOutboxRows(fixture.db, after: mark), [stop(second, "status_changed", instance: 2)])
            #expect(try monitorGameColumns(fixture.db, third)?.check == "not_started")
            #expect(try monitorGameColumns(fixture.db, second)?.check == "stopped")
        }

        @Test func addingTheNextGameAfterAnUnmonitoredOneOnlyStarts() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            try fixture.addMonitoredGame(session, game: game, monitors: monitors)
            try fixture.addMonitoredGame(session, game: game, monitors: monitors)
            let third = try fixture.addMonitoredGame(session, game: game, roomCode: "QR57", monitors: monitors)
            expectRows(try monitorOutboxRows(fixture.db), [start(third, session, "QR57", instance: 3)])
        }

        @Test func addingTheNextGameAfterAManualStopStopsNothingMore() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let first = try fixture.addMonitoredGame(session, game: game, roomCode: "ABCD", monitors: monitors)
            try fixture.write { db, now in
                try PlayerCheckDomain.stop(db, sessionID: session, sessionGameID: first, now: now, monitors: monitors)
            }
            let mark = try monitorOutboxMark(fixture.db)
            try fixture.addMonitoredGame(session, game: game, monitors: monitors)
            #expect(try monitorOutboxRows(fixture.db, after: mark).isEmpty)
            #expect(try monitorGameColumns(fixture.db, first)?.check == "stopped")
        }

        @Test(arguments: ["played", "skipped"])
        func finishingAGameStopsItsMonitor(status: String) throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let sg = try fixture.addMonitoredGame(session, game: game, roomCode: "ABCD", monitors: monitors)
            let mark = try monitorOutboxMark(fixture.db)
            try fixture.write { db, now in
                try SessionGamesDomain.setStatus(db, sessionID: session, sessionGameID: sg, body: ["status": .string(status)],
                                                 now: now, monitors: monitors)
            }
            expectRows(try monitorOutboxRows(fixture.db, after: mark), [stop(sg, "status_changed", instance: 2)])
            #expect(try monitorGameColumns(fixture.db, sg)?.check == "stopped")
            #expect(try monitorGameColumns(fixture.db, sg)?.status == status)
        }

        @Test(arguments: ["played", "skipped", "playing"])
        func settingTheStatusOfAnUnmonitoredGameOwesNothing(status: String) throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let sg = try fixture.addMonitoredGame(session, game: game, monitors: monitors)
            try fixture.write { db, now in
                try SessionGamesDomain.setStatus(db, sessionID: session, sessionGameID: sg, body: ["status": .string(status)],
                                                 now: now, monitors: monitors)
            }
            #expect(try monitorOutboxRows(fixture.db).isEmpty)
        }

        @Test func settingAnotherGamePlayingStopsTheCurrentPlayingMonitor() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let first = try fixture.addMonitoredGame(session, game: game, roomCode: "ABCD", monitors: monitors)
            let second = try fixture.addMonitoredGame(session, game: game, roomCode: "WXYZ", monitors: monitors)
            let mark = try monitorOutboxMark(fixture.db)
            try fixture.write { db, now in
                try SessionGamesDomain.setStatus(db, sessionID: session, sessionGameID: first, body: ["status": "playing"],
                                                 now: now, monitors: monitors)
            }
            let rows = try monitorOutboxRows(fixture.db, after: mark)
            let stops = rows.filter { $0.method == "monitors.stop" }
            #expect(stops.count == 1, "\(rows)")
            #expect(stops.first?.matches("monitor-service:2", "monitors.stop",
                                         ["sessionGameId": .int(second), "reason": "status_changed"]) == true, "\(rows)")
            #expect(try monitorGameColumns(fixture.db, second)?.check == "stopped")
            #expect(try monitorGameColumns(fixture.db, second)?.status == "played")
            #expect(try monitorGameColumns(fixture.db, first)?.status == "playing")
        }

        @Test func settingThePlayingGamePlayingAgainStopsNothing() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let sg = try fixture.addMonitoredGame(session, game: game, roomCode: "ABCD", monitors: monitors)
            let mark = try monitorOutboxMark(fixture.db)
            try fixture.write { db, now in
                try SessionGamesDomain.setStatus(db, sessionID: session, sessionGameID: sg, body: ["status": "playing"],
                                                 now: now, monitors: monitors)
            }
            #expect(try monitorOutboxRows(fixture.db, after: mark).isEmpty)
            #expect(try monitorGameColumns(fixture.db, sg)?.check == "monitoring")
        }

        @Test func removingAGameStopsItsMonitor() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let sg = try fixture.addMonitoredGame(session, game: game, roomCode: "ABCD", monitors: monitors)
            try fixture.write { db, now in
                try SessionGamesDomain.remove(db, sessionID: session, sessionGameID: sg, now: now, monitors: monitors)
            }
            expectRows(try monitorOutboxRows(fixture.db), [
                start(sg, session, "ABCD", instance: 2),
                stop(sg, "game_removed", instance: 2),
            ])
            #expect(try monitorGameColumns(fixture.db, sg) == nil)
        }

        @Test func removingAnUnmonitoredGameOwesNothing() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let sg = try fixture.addMonitoredGame(session, game: game, monitors: monitors)
            try fixture.write { db, now in
                try SessionGamesDomain.remove(db, sessionID: session, sessionGameID: sg, now: now, monitors: monitors)
            }
            #expect(try monitorOutboxRows(fixture.db).isEmpty)
        }

        @Test func aNewRoomCodeOnAMonitoredGameStopsThenStartsInTheNewRoom() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            for _ in 0..<2 { try fixture.addMonitoredGame(session, game: game, monitors: monitors) }
            let sg = try fixture.addMonitoredGame(session, game: game, roomCode: "ABCD", monitors: monitors)
            let mark = try monitorOutboxMark(fixture.db)
            try fixture.write { db, now in
                try SessionGamesDomain.setRoomCode(db, sessionID: session, sessionGameID: sg, body: ["room_code": "WXYZ"],
                                                   now: now, monitors: monitors)
            }
            expectRows(try monitorOutboxRows(fixture.db, after: mark), [
                stop(sg, "room_code_changed", instance: 3),
                start(sg, session, "WXYZ", instance: 3),
            ])
            let columns = try monitorGameColumns(fixture.db, sg)
            #expect(columns?.check == "monitoring")
            #expect(columns?.roomCode == "WXYZ")
            #expect(columns?.instance == 3)
        }

        @Test func aNewRoomCodeOnAMonitoredFinishedGameRestartsIt() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let first = try fixture.addMonitoredGame(session, game: game, roomCode: "ABCD", monitors: monitors)
            try fixture.addMonitoredGame(session, game: game, monitors: monitors)
            // Watched again by hand although it is played.
            try fixture.write { db, now in
                try PlayerCheckDomain.start(db, sessionID: session, sessionGameID: first, now: now, monitors: monitors)
            }
            #expect(try monitorGameColumns(fixture.db, first)?.status == "played")
            let mark = try monitorOutboxMark(fixture.db)
            try fixture.write { db, now in
                try SessionGamesDomain.setRoomCode(db, sessionID: session, sessionGameID: first, body: ["room_code": "GH12"],
                                                   now: now, monitors: monitors)
            }
            expectRows(try monitorOutboxRows(fixture.db, after: mark), [
                stop(first, "room_code_changed", instance: 2),
                start(first, session, "GH12", instance: 2),
            ])
        }

        @Test func theSameRoomCodeOwesNothing() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let sg = try fixture.addMonitoredGame(session, game: game, roomCode: "ABCD", monitors: monitors)
            let mark = try monitorOutboxMark(fixture.db)
            try fixture.write { db, now in
                try SessionGamesDomain.setRoomCode(db, sessionID: session, sessionGameID: sg, body: ["room_code": "ABCD"],
                                                   now: now, monitors: monitors)
            }
            #expect(try monitorOutboxRows(fixture.db, after: mark).isEmpty)
            #expect(try monitorGameColumns(fixture.db, sg)?.check == "monitoring")
        }

        @Test func aRoomCodeOnAPlayingGameNeverMonitoredStartsIt() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let sg = try fixture.addMonitoredGame(session, game: game, monitors: monitors)
            try fixture.write { db, now in
                try SessionGamesDomain.setRoomCode(db, sessionID: session, sessionGameID: sg, body: ["room_code": "ABCD"],
                                                   now: now, monitors: monitors)
            }
            expectRows(try monitorOutboxRows(fixture.db), [start(sg, session, "ABCD", instance: 2)])
            #expect(try monitorGameColumns(fixture.db, sg)?.check == "monitoring")
            #expect(try monitorGameColumns(fixture.db, sg)?.instance == 2)
        }

        @Test func aRoomCodeOnAFinishedUnmonitoredGameStartsNothing() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let first = try fixture.addMonitoredGame(session, game: game, monitors: monitors)
            try fixture.addMonitoredGame(session, game: game, monitors: monitors)
            try fixture.write { db, now in
                try SessionGamesDomain.setRoomCode(db, sessionID: session, sessionGameID: first, body: ["room_code": "ABCD"],
                                                   now: now, monitors: monitors)
            }
            #expect(try monitorOutboxRows(fixture.db).isEmpty)
            #expect(try monitorGameColumns(fixture.db, first)?.check == "not_started")
            #expect(try monitorGameColumns(fixture.db, first)?.roomCode == "ABCD")
        }

        @Test func closingTheSessionStopsEveryMonitoredGame() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            let first = try fixture.addMonitoredGame(session, game: game, roomCode: "ABCD", monitors: monitors)
            let second = try fixture.addMonitoredGame(session, game: game, monitors: monitors)
            let third = try fixture.addMonitoredGame(session, game: game, roomCode: "QR57", monitors: monitors)
            // The first (played) is watched again by hand; the second never was.
            try fixture.write { db, now in
                try PlayerCheckDomain.start(db, sessionID: session, sessionGameID: first, now: now, monitors: monitors)
            }
            let mark = try monitorOutboxMark(fixture.db)
            try fixture.write { db, now in
                try SessionsDomain.close(db, id: session, body: [:], now: now, monitors: monitors)
            }
            let rows = try monitorOutboxRows(fixture.db, after: mark)
            #expect(rows.count == 2, "\(rows)")
            #expect(rows.contains { $0.matches("monitor-service:2", "monitors.stop",
                                               ["sessionGameId": .int(first), "reason": "session_closed"]) }, "\(rows)")
            #expect(rows.contains { $0.matches("monitor-service:3", "monitors.stop",
                                               ["sessionGameId": .int(third), "reason": "session_closed"]) }, "\(rows)")
            #expect(try [first, second, third].map { try monitorGameColumns(fixture.db, $0)?.check }
                    == ["stopped", "not_started", "stopped"])
            #expect(try MonitorCommands.monitored(fixture.db, sessionID: session).isEmpty)
        }

        @Test func deletingASessionOwesVoteServiceAPurge() throws {
            let fixture = try DomainFixture()
            let game = try fixture.addGame()
            let session = try fixture.createSession()
            try fixture.addMonitoredGame(session, game: game, monitors: monitors)
            try fixture.write { db, now in
                try SessionsDomain.close(db, id: session, body: [:], now: now, monitors: monitors)
            }
            #expect(try monitorOutboxRows(fixture.db).isEmpty)
            var stamp = ""
            let outcome = try fixture.write { db, now in
                stamp = now
                return try SessionsDomain.delete(db, id: session, now: now, monitors: .single)
            }
            let rows = try monitorOutboxRows(fixture.db)
            #expect(rows.count == 1, "\(rows)")
            #expect(rows.first?.matches("vote-service", "votes.purgeSession", ["sessionId": .int(session)]) == true, "\(rows)")
            #expect(rows.first?.createdAt == stamp)
            #expect(outcome.outboxRows == 1)
        }
    }
}
