import Contracts
import IO
import JSON
import Runtime
import Storage

/// Carries session deletions to vote-service: `SessionsDomain.delete` puts
/// the session in `pending_vote_purges` in its own transaction; this sends
/// `votes.purgeSession` for each pending row and deletes the row once
/// vote-service confirms. While vote-service is down the rows wait, and are
/// sent when it is back (on reconnect, and every few seconds), so the two
/// databases converge. Loop-confined.
final class VotePurgeForwarder: @unchecked Sendable {
    private let loop: EventLoop
    private let database: DatabaseWorker
    private let votes: RPCClient
    private let logger: Logger
    private var sending = false
    static let retryIntervalMilliseconds = 5_000

    init(loop: EventLoop, database: DatabaseWorker, votes: RPCClient, logger: Logger) {
        self.loop = loop
        self.database = database
        self.votes = votes
        self.logger = logger
    }

    /// Loop thread.
    func start() {
        votes.onStateChange = { [weak self] up in if up { self?.flush() } }
        scheduleRetry()
    }

    /// After a commit that added rows; any thread.
    func wake() {
        loop.execute { [weak self] in self?.flush() }
    }

    private func scheduleRetry() {
        _ = loop.schedule(afterMilliseconds: Self.retryIntervalMilliseconds) { [weak self] in
            self?.flush()
            self?.scheduleRetry()
        }
    }

    private func flush() {
        guard !sending, votes.isConnected else { return }
        sending = true
        database.read({ db in
            try db.query("SELECT session_id FROM pending_vote_purges ORDER BY session_id LIMIT 100").compactMap {
                $0.int("session_id")
            }
        }) { [self] result in
            loop.execute { [self] in
                guard case .success(let sessions) = result, !sessions.isEmpty else {
                    sending = false
                    return
                }
                send(sessions[...])
            }
        }
    }

    private func send(_ sessions: ArraySlice<Int64>) {
        guard let sessionID = sessions.first else {
            sending = false
            return
        }
        votes.call(Method.votesPurgeSession, params: ["sessionId": .int(sessionID)]) { [self] result in
            switch result {
            case .success:
                database.write({ db in
                    try db.run("DELETE FROM pending_vote_purges WHERE session_id = ?", [.integer(sessionID)])
                }) { _ in }
                logger.info("chat logs and live votes of a deleted session removed", ("session", "\(sessionID)"))
                send(sessions.dropFirst())
            case .failure(let error):
                logger.warning("cannot purge a deleted session's votes yet; will retry",
                               ("session", "\(sessionID)"), ("error", error.message))
                sending = false
            }
        }
    }
}
