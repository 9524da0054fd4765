import Contracts
import JSON
import Runtime
import ServiceSupport

/// The session-service's JSON-RPC methods (names in `Method`), each a thin
/// adapter from params (`p`) to a domain function.
enum SessionMethods {
    /// `monitorInstances`: a client per monitor-service instance (1...N),
    /// asked for live status.
    static func register(on server: RPCServer, calls: DatabaseCalls, monitorInstances: [Int: RPCClient]) {
        let monitors = MonitorCommands(instances: calls.host.configuration.monitorInstances)
        calls.read(Method.sessionsList, on: server) { p, db in
            try SessionHistory.list(db, SessionHistory.ListQuery(p))
        }
        calls.write(Method.sessionsArchive, on: server) { p, db, _ in
            try SessionHistory.setArchived(db, id: p.id(), archived: true)
        }
        calls.write(Method.sessionsUnarchive, on: server) { p, db, _ in
            try SessionHistory.setArchived(db, id: p.id(), archived: false)
        }
        calls.write(Method.sessionsBulk, on: server) { p, db, now in
            try SessionHistory.bulk(db, body: p.body, now: now, monitors: monitors)
        }
        calls.read(Method.sessionsActive, on: server) { _, db in try SessionsDomain.active(db) }
        calls.read(Method.sessionsGet, on: server) { p, db in .object(try SessionsDomain.get(db, id: p.id())) }
        calls.write(Method.sessionsCreate, on: server) { p, db, now in try SessionsDomain.create(db, body: p.body, now: now) }
        calls.write(Method.sessionsClose, on: server) { p, db, now in
            try SessionsDomain.close(db, id: p.id(), body: p.body, now: now, monitors: monitors)
        }
        calls.write(Method.sessionsDelete, on: server) { p, db, now in
            try SessionsDomain.delete(db, id: p.id(), now: now, monitors: monitors)
        }
        calls.read(Method.sessionsSnapshot, on: server) { p, db in try SessionsDomain.snapshot(db, params: p) }

        calls.read(Method.sessionGamesList, on: server) { p, db in try SessionGamesDomain.list(db, sessionID: p.id()) }
        calls.write(Method.sessionGamesAdd, on: server) { p, db, now in
            try SessionGamesDomain.add(db, sessionID: p.id(), body: p.body, now: now, monitors: monitors)
        }
        calls.write(Method.sessionGamesSetStatus, on: server) { p, db, now in
            try SessionGamesDomain.setStatus(db, sessionID: p.id(), sessionGameID: p.id("sessionGameId"), body: p.body,
                                             now: now, monitors: monitors)
        }
        calls.write(Method.sessionGamesRemove, on: server) { p, db, now in
            try SessionGamesDomain.remove(db, sessionID: p.id(), sessionGameID: p.id("sessionGameId"), now: now,
                                          monitors: monitors)
        }
        calls.write(Method.sessionGamesSetRoomCode, on: server) { p, db, now in
            try SessionGamesDomain.setRoomCode(db, sessionID: p.id(), sessionGameID: p.id("sessionGameId"), body: p.body,
                                               now: now, monitors: monitors)
        }
        calls.write(Method.sessionGamesSetPlayerCount, on: server) { p, db, now in
            try SessionGamesDomain.setPlayerCount(db, sessionID: p.id(), sessionGameID: p.id("sessionGameId"),
                                                  body: p.body, now: now, monitors: monitors)
        }

        calls.write(Method.sessionGamesStartPlayerCheck, on: server) { p, db, now in
            try PlayerCheckDomain.start(db, sessionID: p.id(), sessionGameID: p.id("sessionGameId"), now: now,
                                        monitors: monitors)
        }
        calls.write(Method.sessionGamesStopPlayerCheck, on: server) { p, db, now in
            try PlayerCheckDomain.stop(db, sessionID: p.id(), sessionGameID: p.id("sessionGameId"), now: now,
                                       monitors: monitors)
        }
        calls.write(Method.sessionGamesMonitorUpdate, on: server) { p, db, _ in
            try PlayerCheckDomain.monitorUpdate(db, params: p.raw)
        }
        server.register(Method.sessionGamesStatusLive) { call in
            let p = RequestParams(raw: call.params)
            let (sessionID, sessionGameID) = (p.id(), p.id("sessionGameId"))
            calls.database.read({ db in
                try PlayerCheckDomain.statusSource(db, sessionID: sessionID, sessionGameID: sessionGameID)
            }) { result in
                switch result {
                case .failure(let error): DatabaseCalls.fail(call, error)
                case .success(let source):
                    // The live answer comes from the owning instance; if it
                    // is down or no longer runs the monitor, the database's.
                    guard let instance = source.liveInstance, let client = monitorInstances[instance] else {
                        return call.succeed(.object(source.fallback))
                    }
                    calls.host.loop.execute {
                        client.call(Method.monitorsStatus, params: ["sessionGameId": .int(sessionGameID)],
                                    requestID: call.requestID) { live in
                            if case .success(let status) = live, status.objectValue != nil {
                                call.succeed(status)
                            } else {
                                call.succeed(.object(source.fallback))
                            }
                        }
                    }
                }
            }
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
        calls.write(Method.gamesSetFavor, on: server) { p, db, _ in
            try GamesCatalogue.setFavor(db, id: p.id(), body: p.body)
        }
        calls.read(Method.gamesPick, on: server) { p, db in try GamePicker.pick(db, body: p.body) }
        calls.read(Method.gamesStats, on: server) { _, db in try CatalogueStats.stats(db) }
        calls.read(Method.packsList, on: server) { _, db in try PacksDomain.list(db) }
        calls.read(Method.packsMeta, on: server) { _, db in try PacksDomain.meta(db) }
        calls.write(Method.packsToggle, on: server) { p, db, _ in
            try PacksDomain.toggle(db, name: p.raw["name"]?.stringValue ?? "", body: p.body)
        }
        calls.write(Method.packsSetFavor, on: server) { p, db, _ in
            try PacksDomain.setFavor(db, name: p.raw["name"]?.stringValue ?? "", body: p.body)
        }
        calls.read(Method.gamesExportCSV, on: server) { _, db in try CatalogueCSV.export(db) }
        calls.write(Method.gamesImportCSV, on: server) { p, db, now in
            try CatalogueCSV.importCSV(db, body: p.body, now: now)
        }
    }
}
