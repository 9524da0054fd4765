import IO
import JSON
import RPC
import Runtime
import Storage

/// Works `PeerOutbox`: per target, sends the pending calls one at a time in
/// the order they were committed and deletes each once the target answers.
/// A target that is down keeps its calls; they go out when it is back (on
/// reconnect, and every few seconds), so the databases converge. A call the
/// target refuses with a domain or params error would be refused forever:
/// it is logged and dropped rather than blocking the calls behind it.
/// Loop-confined.
final class PeerOutboxForwarder: @unchecked Sendable {
    private let loop: EventLoop
    private let database: DatabaseWorker
    private let peers: [String: RPCClient]
    private let logger: Logger
    private var sending: Set<String> = []
    static let retryIntervalMilliseconds = 2_000

    /// `peers`: an RPC client per `peer_outbox.target`.
    init(loop: EventLoop, database: DatabaseWorker, peers: [String: RPCClient], logger: Logger) {
        self.loop = loop
        self.database = database
        self.peers = peers
        self.logger = logger
    }

    /// Loop thread.
    func start() {
        for (target, client) in peers {
            client.onStateChange = { [weak self] up in if up { self?.flush(target) } }
        }
        scheduleRetry()
    }

    /// After a commit that added rows; any thread.
    func wake() {
        loop.execute { [weak self] in
            guard let self else { return }
            for target in self.peers.keys { self.flush(target) }
        }
    }

    private func scheduleRetry() {
        _ = loop.schedule(afterMilliseconds: Self.retryIntervalMilliseconds) { [weak self] in
            guard let self else { return }
            for target in self.peers.keys { self.flush(target) }
            self.scheduleRetry()
        }
    }

    private func flush(_ target: String) {
        guard !sending.contains(target), let client = peers[target], client.isConnected else { return }
        sending.insert(target)
        database.read({ db in try PeerOutbox.pending(db, target: target) }) { [self] result in
            loop.execute { [self] in
                guard case .success(let calls) = result, !calls.isEmpty else {
                    sending.remove(target)
                    return
                }
                send(calls[...], to: client, target: target)
            }
        }
    }

    private func send(_ calls: ArraySlice<PeerOutbox.Call>, to client: RPCClient, target: String) {
        guard let call = calls.first else {
            sending.remove(target)
            // More may have been committed while these were in flight.
            flush(target)
            return
        }
        client.call(call.method, params: call.params) { [self] result in
            switch result {
            case .failure(let error) where error.code == RPCErrorCode.unavailable || error.code == RPCErrorCode.timeout:
                logger.notice("\(target) not reachable; call kept for later", ("method", call.method),
                              ("error", error.message))
                sending.remove(target)
                return
            case .failure(let error):
                logger.error("\(target) refused a call; dropped", ("method", call.method), ("error", error.message))
            case .success:
                logger.debug("peer call delivered", ("target", target), ("method", call.method))
            }
            database.write({ db in try PeerOutbox.remove(db, id: call.id) }) { _ in }
            send(calls.dropFirst(), to: client, target: target)
        }
    }
}
