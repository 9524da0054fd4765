import Contracts
import JSON
import Runtime

/// The session-service's JSON-RPC methods (names in `Method`), each a thin
/// adapter from params to a domain function.
enum SessionMethods {
    static func register(on server: RPCServer, calls: DatabaseCalls) {
        server.register(Method.sessionsList) { call in calls.read(call) { db in try SessionsDomain.list(db) } }
        server.register(Method.sessionsActive) { call in calls.read(call) { db in try SessionsDomain.active(db) } }
        server.register(Method.sessionsGet) { call in
            let id = RequestParams(raw: call.params).id()
            calls.read(call) { db in .object(try SessionsDomain.get(db, id: id)) }
        }
        server.register(Method.sessionsCreate) { call in
            let body = RequestParams(raw: call.params).body
            calls.write(call) { db, now in try SessionsDomain.create(db, body: body, now: now) }
        }
        server.register(Method.sessionsClose) { call in
            let params = RequestParams(raw: call.params)
            let (id, body) = (params.id(), params.body)
            calls.write(call) { db, now in try SessionsDomain.close(db, id: id, body: body, now: now) }
        }
        server.register(Method.sessionsDelete) { call in
            let id = RequestParams(raw: call.params).id()
            calls.write(call) { db, _ in try SessionsDomain.delete(db, id: id) }
        }

        server.register(Method.sessionGamesList) { call in
            let id = RequestParams(raw: call.params).id()
            calls.read(call) { db in try SessionGamesDomain.list(db, sessionID: id) }
        }
        server.register(Method.sessionGamesAdd) { call in
            let params = RequestParams(raw: call.params)
            let (id, body) = (params.id(), params.body)
            calls.write(call) { db, now in try SessionGamesDomain.add(db, sessionID: id, body: body, now: now) }
        }
        server.register(Method.sessionGamesSetStatus) { call in
            let params = RequestParams(raw: call.params)
            let (id, gameID, body) = (params.id(), params.id("sessionGameId"), params.body)
            calls.write(call) { db, _ in
                try SessionGamesDomain.setStatus(db, sessionID: id, sessionGameID: gameID, body: body)
            }
        }
        server.register(Method.sessionGamesRemove) { call in
            let params = RequestParams(raw: call.params)
            let (id, gameID) = (params.id(), params.id("sessionGameId"))
            calls.write(call) { db, _ in try SessionGamesDomain.remove(db, sessionID: id, sessionGameID: gameID) }
        }
        server.register(Method.sessionGamesSetRoomCode) { call in
            let params = RequestParams(raw: call.params)
            let (id, gameID, body) = (params.id(), params.id("sessionGameId"), params.body)
            calls.write(call) { db, _ in
                try SessionGamesDomain.setRoomCode(db, sessionID: id, sessionGameID: gameID, body: body)
            }
        }
        server.register(Method.sessionGamesSetPlayerCount) { call in
            let params = RequestParams(raw: call.params)
            let (id, gameID, body) = (params.id(), params.id("sessionGameId"), params.body)
            calls.write(call) { db, _ in
                try SessionGamesDomain.setPlayerCount(db, sessionID: id, sessionGameID: gameID, body: body)
            }
        }

        server.register(Method.gamesList) { call in
            let params = RequestParams(raw: call.params)
            calls.read(call) { db in try GamesCatalogue.list(db, query: params.query) }
        }
        server.register(Method.gamesGet) { call in
            let id = RequestParams(raw: call.params).id()
            calls.read(call) { db in .object(try GamesCatalogue.get(db, id: id)) }
        }
        server.register(Method.gamesCreate) { call in
            let body = RequestParams(raw: call.params).body
            calls.write(call) { db, now in try GamesCatalogue.create(db, body: body, now: now) }
        }
        server.register(Method.gamesUpdate) { call in
            let params = RequestParams(raw: call.params)
            let (id, body) = (params.id(), params.body)
            calls.write(call) { db, _ in try GamesCatalogue.update(db, id: id, body: body) }
        }
        server.register(Method.gamesDelete) { call in
            let id = RequestParams(raw: call.params).id()
            calls.write(call) { db, _ in try GamesCatalogue.delete(db, id: id) }
        }
        server.register(Method.gamesToggle) { call in
            let id = RequestParams(raw: call.params).id()
            calls.write(call) { db, _ in try GamesCatalogue.toggle(db, id: id) }
        }
    }
}
