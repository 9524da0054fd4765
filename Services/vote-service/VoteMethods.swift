import Contracts
import Crypto
import IO
import JSON
import RPC
import Runtime
import ServiceSupport
import Storage

/// vote-service's JSON-RPC methods. Each one that needs a session asks
/// session-service first (`sessions.snapshot`), so a vote is never stored
/// against a session that does not exist, and session-service being down
/// means a prompt 503 with nothing stored. Loop-confined: database
/// completions hop back to the loop before touching the peer connection.
final class VoteMethods: @unchecked Sendable {
    private let loop: EventLoop
    private let calls: DatabaseCalls
    private var database: DatabaseWorker { calls.database }
    private let sessions: RPCClient
    private let applier: TallyApplier
    private let crashPoints: CrashPoints

    init(loop: EventLoop, calls: DatabaseCalls, sessions: RPCClient, applier: TallyApplier,
         crashPoints: CrashPoints) {
        self.loop = loop
        self.calls = calls
        self.sessions = sessions
        self.applier = applier
        self.crashPoints = crashPoints
    }

    func register(on server: RPCServer) {
        server.register(Method.votesLive) { [self] call in live(call) }
        server.register(Method.votesImportChat) { [self] call in importChat(call) }
        server.register(Method.votesList) { [self] call in list(call) }
        server.register(Method.votesBySession) { [self] call in bySession(call) }
        server.register(Method.votesExportSession) { [self] call in export(call) }
        server.register(Method.votesPurgeSession) { [self] call in purge(call) }
    }

    // MARK: POST /api/votes/live

    static let noActiveSession = APIError.notFound("No active session found")
    static let noGamesYet = APIError.notFound("No games have been played in the active session yet")
    static let noMatchingGame = APIError.notFound("Vote timestamp does not match any game in the active session")

    private func live(_ call: RPCCall) {
        let request: LiveVoteRequest
        do { request = try LiveVoteRequest.parse(RequestParams(raw: call.params).body) } catch {
            return call.fail(error.rpcError)
        }
        var params: JSONObject = ["active": true]
        if let ticker = request.ticker { params["ticker"] = .string(ticker) }
        snapshot(call, params) { [self] snapshot in
            guard let session = snapshot["session"]?.objectValue, let sessionID = session["id"]?.intValue else {
                return call.fail(Self.noActiveSession.rpcError)
            }
            let timeline = VoteTimeline(snapshotGames: snapshot["games"]?.arrayValue ?? [])
            let game: VoteTimeline.Game
            if request.ticker != nil {
                guard let tickerGame = TickerVote.game(snapshot["tickerGame"], timeline: timeline,
                                                      at: request.milliseconds) else {
                    return call.fail(TickerVote.unknownTicker.rpcError)
                }
                game = tickerGame
            } else {
                guard !timeline.isEmpty else { return call.fail(Self.noGamesYet.rpcError) }
                guard let found = timeline.game(at: request.milliseconds) else {
                    return call.fail(Self.noMatchingGame.rpcError)
                }
                game = found
            }
            write(call, { db, now, milliseconds in
                try LiveVotes.record(db, request, sessionID: sessionID, game: game, now: now,
                                     nowMilliseconds: milliseconds)
            }) { [self] tally in
                crashPoints.reach("vote.stored")
                let vote = tally.vote ?? JSONObject()
                let sessionJSON: JSONValue = ["id": .int(sessionID), "games_played": session["games_played"] ?? .null]
                applier.apply([tally], requestID: call.requestID) { outcome in
                    switch outcome {
                    case .success(let games):
                        let totals = games.first ?? .null
                        var gameJSON = JSONObject()
                        gameJSON.append("id", .int(game.gameID))
                        for key in ["title", "upvotes", "downvotes", "popularity_score"] {
                            gameJSON.append(key, totals[key] ?? .null)
                        }
                        call.succeed(["success": true, "message": "Vote recorded successfully",
                                      "session": sessionJSON, "game": .object(gameJSON), "vote": .object(vote)])
                    case .failure:
                        // Durable and counted exactly once when session-service
                        // takes the tally; only the new totals are unknown.
                        call.fail(.accepted(
                            ["success": true,
                             "message": "Vote recorded; the game's totals will be updated when session-service is back",
                             "session": sessionJSON,
                             "game": ["id": .int(game.gameID), "title": .string(game.title)],
                             "vote": .object(vote)]))
                    }
                }
            }
        }
    }

    // MARK: POST /api/sessions/{id}/chat-import

    private func importChat(_ call: RPCCall) {
        let params = RequestParams(raw: call.params)
        let sessionID = params.id()
        let entries: [JSONValue]
        do { entries = try ChatImportPlan.entries(in: params.body) } catch { return call.fail(error.rpcError) }
        snapshot(call, ["id": .int(sessionID)]) { [self] snapshot in
            let timeline = VoteTimeline(snapshotGames: snapshot["games"]?.arrayValue ?? [])
            guard !timeline.isEmpty else { return call.fail(ChatImportPlan.noGames.rpcError) }
            let importKey = SecureRandom.uuidV4()
            // Hashing and matching run on the database thread inside the job,
            // not on this loop: a 100k-message log takes a while.
            write(call, { db, now, milliseconds in
                let plan = try ChatImportPlan(entries: entries, timeline: timeline)
                return try ChatLogs.store(db, plan, sessionID: sessionID, importKey: importKey, now: now,
                                          nowMilliseconds: milliseconds)
            }) { [self] stored in
                crashPoints.reach("vote.stored")
                applier.apply(stored.tallies, requestID: call.requestID) { outcome in
                    var body = Self.importBody(stored, timeline: timeline)
                    if case .failure = outcome {
                        body["message"] = "Chat log imported; the games' totals will be updated when session-service is back"
                        call.fail(.accepted(body))
                    } else {
                        call.succeed(.object(body))
                    }
                }
            }
        }
    }

    static func importBody(_ stored: ChatLogs.ImportResult, timeline: VoteTimeline) -> JSONObject {
        var byGame = JSONObject()
        var order: [Int64] = []
        var counts: [Int64: (title: String, up: Int64, down: Int64)] = [:]
        var matches: [JSONValue] = []
        matches.reserveCapacity(stored.matches.count)
        for message in stored.matches {
            guard let game = message.game, let vote = message.vote else { continue }
            if counts[game.gameID] == nil {
                order.append(game.gameID)
                counts[game.gameID] = (game.title, 0, 0)
            }
            if vote == .up { counts[game.gameID]?.up += 1 } else { counts[game.gameID]?.down += 1 }
            matches.append(["username": .string(message.username), "vote": .string(vote.rawValue),
                            "timestamp": .string(message.timestamp), "game_id": .int(game.gameID),
                            "title": .string(game.title)])
        }
        for id in order {
            guard let count = counts[id] else { continue }
            byGame.append(String(id), ["title": .string(count.title), "upvotes": .int(count.up),
                                       "downvotes": .int(count.down)])
        }
        return ["message": "Chat log imported and processed successfully",
                "messagesImported": .int(Int64(stored.imported)),
                "duplicatesSkipped": .int(Int64(stored.duplicates)),
                "votesProcessed": .int(Int64(stored.matches.count)),
                "votesByGame": .object(byGame),
                "debug": ["sessionGamesTimeline": timeline.debugJSON, "voteMatches": .array(matches)]]
    }

    // MARK: Reads

    private func list(_ call: RPCCall) {
        let query: LiveVotes.ListQuery
        do { query = try LiveVotes.ListQuery(RequestParams(raw: call.params)) } catch { return call.fail(error.rpcError) }
        calls.read(call) { db in try LiveVotes.list(db, query) }
    }

    private func bySession(_ call: RPCCall) {
        let sessionID = RequestParams(raw: call.params).id()
        sessions.call(Method.sessionsGet, params: ["id": .int(sessionID)], requestID: call.requestID) { [self] result in
            if case .failure(let error) = result { return call.fail(error) }
            calls.read(call) { db in try LiveVotes.breakdown(db, sessionID: sessionID) }
        }
    }

    private func export(_ call: RPCCall) {
        let params = RequestParams(raw: call.params)
        let format: SessionExport.Format
        switch params.query("format") {
        case nil: format = .txt
        case let text?:
            guard let known = SessionExport.Format(rawValue: text) else {
                return call.fail(APIError.badRequest("Invalid query parameter: format").rpcError)
            }
            format = known
        }
        let sessionID = params.id()
        snapshot(call, ["id": .int(sessionID)]) { [self] snapshot in
            let session = snapshot["session"]?.objectValue ?? JSONObject()
            let games = snapshot["games"]?.arrayValue ?? []
            calls.read(call) { db in
                let export = SessionExport(session: session, games: games,
                                           chat: try ChatLogs.entries(db, sessionID: sessionID))
                return ["contentType": .string(SessionExport.contentType(format)),
                        "filename": .string(export.filename(format)), "body": .string(export.render(format))]
            }
        }
    }

    private func purge(_ call: RPCCall) {
        guard let sessionID = call.params["sessionId"]?.intValue, sessionID > 0 else {
            return call.fail(.invalidParams("votes.purgeSession needs a positive sessionId"))
        }
        write(call, { db, now, _ in try ChatLogs.purge(db, sessionID: sessionID, now: now) }) { call.succeed($0) }
    }

    // MARK: Plumbing

    /// `sessions.snapshot` on session-service; its errors (404, 503, 504)
    /// answer the call as they are.
    private func snapshot(_ call: RPCCall, _ params: JSONObject, _ next: @escaping (JSONValue) -> Void) {
        sessions.call(Method.sessionsSnapshot, params: params, requestID: call.requestID) { result in
            switch result {
            case .success(let snapshot): next(snapshot)
            case .failure(let error): call.fail(error)
            }
        }
    }

    /// Runs `job` in a write transaction; on commit, `next` runs on the loop.
    private func write<T: Sendable>(_ call: RPCCall,
                                    _ job: @escaping @Sendable (SQLiteConnection, String, Int64) throws -> T,
                                    _ next: @escaping (T) -> Void) {
        let next = UnsafeTransfer(next)
        database.write({ db in
            let milliseconds = WallClock.nowMilliseconds()
            return try job(db, Timestamp.format(milliseconds: milliseconds), milliseconds)
        }) { [loop] result in
            switch result {
            case .success(let value): loop.execute { next.value(value) }
            case .failure(let error): DatabaseCalls.fail(call, error)
            }
        }
    }
}
