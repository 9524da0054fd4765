import Contracts
import IO
import JSON
import RPC
import Runtime
import ServiceSupport
import Storage

/// Sends committed tallies to session-service (`games.applyVoteTallies`)
/// and forgets them once acknowledged; resends whatever is still pending —
/// after a restart, when session-service comes back, and every second while
/// anything older than a second waits. Loop-confined.
///
/// Resending is always safe: session-service records each tally's key in
/// the transaction that applies it and skips keys it has seen.
final class TallyApplier: @unchecked Sendable {
    typealias Applied = Result<[JSONValue], RPCError>

    private let loop: EventLoop
    private let database: DatabaseWorker
    private let sessions: RPCClient
    private let crashPoints: CrashPoints
    private let logger: Logger
    private var replaying = false
    static let replayIntervalMilliseconds = 1_000
    static let maxTalliesPerCall = 500

    init(loop: EventLoop, database: DatabaseWorker, sessions: RPCClient, crashPoints: CrashPoints, logger: Logger) {
        self.loop = loop
        self.database = database
        self.sessions = sessions
        self.crashPoints = crashPoints
        self.logger = logger
    }

    /// Starts the replay timer and replays on every reconnect to
    /// session-service. Loop thread.
    func start() {
        sessions.onStateChange = { [weak self] up in if up { self?.replay(olderThanMilliseconds: 0) } }
        scheduleReplay()
    }

    /// Applies freshly committed tallies; `completion` gets session-service's
    /// `games` (one per tally, in order) or the error that left them pending.
    func apply(_ tallies: [TallyOutbox.Tally], requestID: String?, completion: @escaping (Applied) -> Void) {
        guard !tallies.isEmpty else { return completion(.success([])) }
        sessions.call(Method.gamesApplyVoteTallies, params: ["tallies": .array(tallies.map(\.json))],
                      requestID: requestID) { [self] result in
            switch result {
            case .success(let value):
                crashPoints.reach("vote.applied")
                forget(tallies.map(\.key))
                completion(.success(value["games"]?.arrayValue ?? []))
            case .failure(let error):
                logger.warning("tallies left pending", ("count", "\(tallies.count)"), ("error", error.message))
                completion(.failure(error))
            }
        }
    }

    private func forget(_ keys: [String]) {
        database.write({ db in try TallyOutbox.remove(db, keys: keys) }) { [logger] result in
            // A failed delete only means the tally is sent once more.
            if case .failure(let error) = result { logger.warning("cannot clear applied tallies: \(error)") }
        }
    }

    private func scheduleReplay() {
        _ = loop.schedule(afterMilliseconds: Self.replayIntervalMilliseconds) { [weak self] in
            guard let self else { return }
            self.replay(olderThanMilliseconds: Int64(Self.replayIntervalMilliseconds))
            self.scheduleReplay()
        }
    }

    /// Sends the pending tallies older than the given age (fresh ones are
    /// normally still on their first trip). One batch at a time.
    private func replay(olderThanMilliseconds age: Int64) {
        guard !replaying, sessions.isConnected else { return }
        replaying = true
        let cutoff = WallClock.nowMilliseconds() - age
        database.read({ db in try TallyOutbox.pending(db, createdBefore: cutoff, limit: Self.maxTalliesPerCall) }) {
            [self] result in
            loop.execute { [self] in
                guard case .success(let tallies) = result, !tallies.isEmpty else {
                    replaying = false
                    return
                }
                logger.notice("replaying pending tallies", ("count", "\(tallies.count)"))
                apply(tallies, requestID: nil) { [self] outcome in
                    replaying = false
                    // A full batch applied: more may wait behind it.
                    if case .success = outcome, tallies.count == Self.maxTalliesPerCall { replay(olderThanMilliseconds: age) }
                }
            }
        }
    }
}
