import Contracts
import JSON
import Storage
import Testing
@testable import session_service

@Suite struct PeerOutboxTests {
    @Test func targetNames() {
        #expect(PeerOutbox.voteService == "vote-service")
        #expect(PeerOutbox.monitorService(1) == "monitor-service:1")
        #expect(PeerOutbox.monitorService(12) == "monitor-service:12")
    }

    @Test func pendingIsPerTargetInEnqueueOrder() throws {
        let fixture = try DomainFixture()
        let a = PeerOutbox.monitorService(1), b = PeerOutbox.monitorService(2)
        try fixture.inTransaction { db, now in
            try PeerOutbox.enqueue(db, target: a, method: "monitors.start", params: ["sessionGameId": 1, "roomCode": "ABCD"], now: now)
            try PeerOutbox.enqueue(db, target: b, method: "monitors.start", params: ["sessionGameId": 2], now: now)
            try PeerOutbox.enqueue(db, target: a, method: "monitors.stop", params: ["sessionGameId": 1, "reason": "manual"], now: now)
            try PeerOutbox.enqueue(db, target: PeerOutbox.voteService, method: "votes.purgeSession", params: ["sessionId": 4],
                                   now: now)
            try PeerOutbox.enqueue(db, target: a, method: "monitors.start", params: [:], now: now)
        }
        let forA = try PeerOutbox.pending(fixture.db, target: a)
        #expect(forA.map(\.method) == ["monitors.start", "monitors.stop", "monitors.start"])
        #expect(forA.map(\.params) == [["sessionGameId": 1, "roomCode": "ABCD"], ["sessionGameId": 1, "reason": "manual"], [:]])
        #expect(forA.allSatisfy { $0.target == a })
        #expect(forA.map(\.id) == [1, 3, 5])

        let forB = try PeerOutbox.pending(fixture.db, target: b)
        #expect(forB == [PeerOutbox.Call(id: 2, target: b, method: "monitors.start", params: ["sessionGameId": 2])])
        let votes = try PeerOutbox.pending(fixture.db, target: "vote-service")
        #expect(votes == [PeerOutbox.Call(id: 4, target: "vote-service", method: "votes.purgeSession",
                                          params: ["sessionId": 4])])
        #expect(try PeerOutbox.pending(fixture.db, target: PeerOutbox.monitorService(3)).isEmpty)
    }

    @Test func enqueueStoresParamsAsAJSONObjectAndTheTime() throws {
        let fixture = try DomainFixture()
        var stamp = ""
        try fixture.inTransaction { db, now in
            stamp = now
            try PeerOutbox.enqueue(db, target: "vote-service", method: "votes.purgeSession",
                                   params: ["sessionId": 7, "note": "a \"quoted\" é"], now: now)
        }
        let row = try #require(try fixture.db.query("SELECT target, method, params, created_at FROM peer_outbox").first)
        #expect(row.string("target") == "vote-service")
        #expect(row.string("method") == "votes.purgeSession")
        #expect(row.string("created_at") == stamp)
        let params = try JSONValue.parse(row.string("params") ?? "")
        #expect(params == ["sessionId": 7, "note": "a \"quoted\" é"])
    }

    @Test func pendingHonoursTheLimitOldestFirst() throws {
        let fixture = try DomainFixture()
        try fixture.inTransaction { db, now in
            for n in 1...5 {
                try PeerOutbox.enqueue(db, target: "monitor-service:1", method: "monitors.stop",
                                       params: ["sessionGameId": .int(Int64(n))], now: now)
            }
        }
        let two = try PeerOutbox.pending(fixture.db, target: "monitor-service:1", limit: 2)
        #expect(two.map { $0.params["sessionGameId"] } == [1, 2])
        let all = try PeerOutbox.pending(fixture.db, target: "monitor-service:1")
        #expect(all.map { $0.params["sessionGameId"] } == [1, 2, 3, 4, 5])
        #expect(try PeerOutbox.pending(fixture.db, target: "monitor-service:1", limit: 10).count == 5)
    }

    @Test func removeDeletesOnlyThatCall() throws {
        let fixture = try DomainFixture()
        try fixture.inTransaction { db, now in
            for n in 1...3 {
                try PeerOutbox.enqueue(db, target: "monitor-service:2", method: "monitors.start",
                                       params: ["sessionGameId": .int(Int64(n))], now: now)
            }
            try PeerOutbox.enqueue(db, target: "vote-service", method: "votes.purgeSession", params: ["sessionId": 1], now: now)
        }
        let first = try #require(try PeerOutbox.pending(fixture.db, target: "monitor-service:2").first)
        try fixture.inTransaction { db, _ in try PeerOutbox.remove(db, id: first.id) }
        #expect(try PeerOutbox.pending(fixture.db, target: "monitor-service:2").map { $0.params["sessionGameId"] } == [2, 3])
        // Unknown id (already removed): nothing happens.
        try fixture.inTransaction { db, _ in try PeerOutbox.remove(db, id: first.id) }
        try fixture.inTransaction { db, _ in try PeerOutbox.remove(db, id: 999) }
        #expect(try PeerOutbox.pending(fixture.db, target: "monitor-service:2").count == 2)
        #expect(try PeerOutbox.pending(fixture.db, target: "vote-service").count == 1)
        // New calls queue behind the remaining ones.
        try fixture.inTransaction { db, now in
            try PeerOutbox.enqueue(db, target: "monitor-service:2", method: "monitors.stop",
                                   params: ["sessionGameId": 9], now: now)
        }
        #expect(try PeerOutbox.pending(fixture.db, target: "monitor-service:2").map { $0.params["sessionGameId"] } == [2, 3, 9])
    }

    @Test func idsAreNeverReusedAfterTheQueueEmptied() throws {
        let fixture = try DomainFixture()
        try fixture.inTransaction { db, now in
            try PeerOutbox.enqueue(db, target: "vote-service", method: "votes.purgeSession", params: ["sessionId": 1], now: now)
            try PeerOutbox.enqueue(db, target: "vote-service", method: "votes.purgeSession", params: ["sessionId": 2], now: now)
        }
        for call in try PeerOutbox.pending(fixture.db, target: "vote-service") {
            try PeerOutbox.remove(fixture.db, id: call.id)
        }
        try fixture.inTransaction { db, now in
            try PeerOutbox.enqueue(db, target: "vote-service", method: "votes.purgeSession", params: ["sessionId": 3], now: now)
        }
        #expect(try PeerOutbox.pending(fixture.db, target: "vote-service").map(\.id) == [3])
    }

    // MARK: PeerCallWatch

    @Test func watchReportsOneExactlyWhenCallsWereAddedSinceTheLastCheck() throws {
        let fixture = try DomainFixture()
        let watch = PeerCallWatch()
        let enqueue = { (count: Int) in
            let added = try fixture.inTransaction { db, now in
                for _ in 0..<count {
                    try PeerOutbox.enqueue(db, target: "vote-service", method: "votes.purgeSession",
                                           params: ["sessionId": 1], now: now)
                }
                return try watch.added(db)
            }
            watch.committed()  // as session-service does after each commit that owed calls
            return added
        }
        #expect(try enqueue(0) == 0)  // empty table
        #expect(try enqueue(1) == 1)
        #expect(try enqueue(0) == 0)
        #expect(try enqueue(0) == 0)
        #expect(try enqueue(3) == 1)  // a flag, not a count
        #expect(try enqueue(0) == 0)

        // The forwarder delivers everything: no new calls, still 0.
        for call in try PeerOutbox.pending(fixture.db, target: "vote-service") {
            try PeerOutbox.remove(fixture.db, id: call.id)
        }
        #expect(try enqueue(0) == 0)
        // New ones after the queue emptied count again.
        #expect(try enqueue(1) == 1)
        #expect(try enqueue(0) == 0)
    }

    struct RolledBack: Error {}

    /// A batch can be rolled back after the watch ran inside it (the group
    /// commit failing): the ids it saw are handed out again by SQLite, and a
    /// call committed afterwards is still an added call.
    @Test func watchSeesCallsCommittedAfterARolledBackTransaction() throws {
        let fixture = try DomainFixture()
        let watch = PeerCallWatch()
        let enqueueAndCheck = { (db: SQLiteConnection, now: String) throws -> Int in
            try PeerOutbox.enqueue(db, target: "vote-service", method: "votes.purgeSession", params: ["sessionId": 1],
                                   now: now)
            return try watch.added(db)
        }
        #expect(try fixture.inTransaction(enqueueAndCheck) == 1)
        watch.committed()
        do {
            try fixture.inTransaction { db, now in
                #expect(try enqueueAndCheck(db, now) == 1)
                throw RolledBack()
            }
        } catch is RolledBack {}
        #expect(try PeerOutbox.pending(fixture.db, target: "vote-service").count == 1)
        #expect(try fixture.inTransaction(enqueueAndCheck) == 1, "a committed call not reported as added")
        #expect(try PeerOutbox.pending(fixture.db, target: "vote-service").count == 2)
    }

    @Test func watchAfterDomainWrites() throws {
        let fixture = try DomainFixture()
        let watch = PeerCallWatch()
        let monitors = MonitorCommands(instances: 3)
        let game = try fixture.addGame()
        #expect(try checkAndCommit(watch, fixture.db) == 0)
        let session = try fixture.createSession()
        #expect(try checkAndCommit(watch, fixture.db) == 0)
        let sg = try fixture.addMonitoredGame(session, game: game, roomCode: "ABCD", monitors: monitors)
        #expect(try checkAndCommit(watch, fixture.db) == 1)
        try fixture.write { db, now in
            try SessionGamesDomain.setPlayerCount(db, sessionID: session, sessionGameID: sg, body: ["player_count": 3],
                                                  now: now, monitors: monitors)
        }
        #expect(try checkAndCommit(watch, fixture.db) == 1)  // the count by hand stops the running monitor
        try fixture.write { db, now in
            try PlayerCheckDomain.start(db, sessionID: session, sessionGameID: sg, now: now, monitors: monitors)
        }
        #expect(try checkAndCommit(watch, fixture.db) == 1)
        try fixture.write { db, now in
            try PlayerCheckDomain.stop(db, sessionID: session, sessionGameID: sg, now: now, monitors: monitors)
        }
        #expect(try checkAndCommit(watch, fixture.db) == 1)
        // Nothing left running: closing owes no call.
        try fixture.write { db, now in
            try SessionsDomain.close(db, id: session, body: [:], now: now, monitors: monitors)
        }
        #expect(try checkAndCommit(watch, fixture.db) == 0)
        try fixture.write { db, now in try SessionsDomain.delete(db, id: session, now: now, monitors: .single) }
        #expect(try checkAndCommit(watch, fixture.db) == 1)
        #expect(try checkAndCommit(watch, fixture.db) == 0)
    }

    /// The watch as a write's hook sees it, then the commit.
    private func checkAndCommit(_ watch: PeerCallWatch, _ db: SQLiteConnection) throws -> Int {
        defer { watch.committed() }
        return try watch.added(db)
    }
}
