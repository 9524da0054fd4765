import Contracts
import JSON
import Runtime
import ServiceSupport

/// The session-service's JSON-RPC methods (names in `Method`), each a thin
/// adapter from params (`p`) to a domain function.
enum SessionMethods {
    static func register(on server: RPCServer, calls: DatabaseCalls) {
        calls.read(Method.sessionsList, on: server) { _, db in try SessionsDomain.list(db) }
        calls.read(Method.sessionsActive, on: server) { _, db in try SessionsDomain.active(db) }
        calls.read(Method.sessionsGet, on: server) { p, db in .object(try SessionsDomain.get(db, id: p.id())) }
        calls.write(Method.sessionsCreate, on: server) { p, db, now in try SessionsDomain.create(db, body: p.body, now: now) }
        calls.write(Method.sessionsClose, on: server) { p, db, now in
            try SessionsDomain.close(db, id: p.id(), body: p.body, now: now)
        }
        calls.write(Method.sessionsDelete, on: server) { p, db, now in try SessionsDomain.delete(db, id: p.id(), now: now) }
        calls.read(Method.sessionsSnapshot, on: server) { p, db in try SessionsDomain.snapshot(db, params: p) }

        calls.read(Method.sessionGamesList, on: server) { p, db in try SessionGamesDomain.list(db, sessionID: p.id()) }
        calls.write(Method.sessionGamesAdd, on: server) { p, db, now in
            try SessionGamesDomain.add(db, sessionID: p.id(), body: p.body, now: now)
        }
        calls.write(Method.sessionGamesSetStatus, on: server) { p, db, _ in
            try SessionGamesDomain.setStatus(db, sessionID: p.id(), sessionGameID: p.id("sessionGameId"), body: p.body)
        }
        calls.write(Method.sessionGamesRemove, on: server) { p, db, _ in
            try SessionGamesDomain.remove(db, sessionID: p.id(), sessionGameID: p.id("sessionGameId"))
        }
        calls.write(Method.sessionGamesSetRoomCode, on: server) { p, db, _ in
            try SessionGamesDomain.setRoomCode(db, sessionID: p.id(), sessionGameID: p.id("sessionGameId"), body: p.body)
        }
        calls.write(Method.sessionGamesSetPlayerCount, on: server) { p, db, _ in
            try SessionGamesDomain.setPlayerCount(db, sessionID: p.id(), sessionGameID: p.id("sessionGameId"),
                                                  body: p.body)
        }

        server.register(Method.gamesApplyVoteTallies) { call in
            let tallies: [VoteTallies.Tally]
            do { tallies = try VoteTallies.parse(call.params) } catch { return DatabaseCalls.fail(call, error) }
            let crashPoints = calls.host.crashPoints
            calls.write(call, committed: { crashPoints.reach("tally.committed") }) { db, now in
                let outcome = try VoteTallies.apply(db, tallies: tallies, now: now)
                crashPoints.reach("tally.beforeCommit")
                return outcome
            }
        }

        calls.read(Method.gamesList, on: server) { p, db in try GamesCatalogue.list(db, query: p.query) }
        calls.read(Method.gamesGet, on: server) { p, db in .object(try GamesCatalogue.get(db, id: p.id())) }
        calls.write(Method.gamesCreate, on: server) { p, db, now in try GamesCatalogue.create(db, body: p.body, now: now) }
        calls.write(Method.gamesUpdate, on: server) { p, db, _ in try GamesCatalogue.update(db, id: p.id(), body: p.body) }
        calls.write(Method.gamesDelete, on: server) { p, db, _ in try GamesCatalogue.delete(db, id: p.id()) }
        calls.write(Method.gamesToggle, on: server) { p, db, _ in try GamesCatalogue.toggle(db, id: p.id()) }
    }
}
