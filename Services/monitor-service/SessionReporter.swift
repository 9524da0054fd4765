import Contracts
import IO
import JSON
import RPC
import Runtime
import Storage

/// Sends the reports monitors owe session-service (`session_updates`) in the
/// order they were committed, deleting each once acknowledged. A monitor
/// step waits for its reports before announcing what follows them (so
/// `room.disconnected` goes out after the session game is `played`), but
/// never longer than one attempt: while session-service is down the reports
/// stay queued and are sent when it is back (on reconnect, and every two
/// seconds). `sessionGames.monitorUpdate` is idempotent, so a report sent
/// twice after a crash does no harm. Loop-confined.
final class SessionReporter: @unchecked Sendable {
    private struct Item {
        let id: Int64
        let params: JSONObject
        var waiter: (() -> Void)?
    }

    private let loop: EventLoop
    private let database: DatabaseWorker
    private let sessions: RPCClient
    private let logger: Logger
    private var queue: [Item] = []
    private var queued: Set<Int64> = []
    private var sending = false
    static let retryIntervalMilliseconds = 2_000

    init(loop: EventLoop, database: DatabaseWorker, sessions: RPCClient, logger: Logger) {
        self.loop = loop
        self.database = database
        self.sessions = sessions
        self.logger = logger
    }

    /// Loop thread: picks up reports left by an earlier run.
    func start() {
        sessions.onStateChange = { [weak self] up in if up { self?.reload() } }
        scheduleRetry()
        reload()
    }

    /// Reports a step just committed; `done` runs once each was answered or
    /// the attempt failed.
    func send(_ reports: [(id: Int64, params: JSONObject)], done: @escaping () -> Void) {
        guard !reports.isEmpty else { return done() }
        var remaining = reports.count
        let countDown = {
            remaining -= 1
            if remaining == 0 { done() }
        }
        for report in reports {
            if !queued.contains(report.id) {
                queued.insert(report.id)
                queue.append(Item(id: report.id, params: report.params, waiter: countDown))
            } else if let index = queue.firstIndex(where: { $0.id == report.id }), queue[index].waiter == nil {
                queue[index].waiter = countDown  // a reload picked it up first
            } else {
                countDown()
            }
        }
        pump()
    }

    private func scheduleRetry() {
        _ = loop.schedule(afterMilliseconds: Self.retryIntervalMilliseconds) { [weak self] in
            self?.reload()
            self?.scheduleRetry()
        }
    }

    private func reload() {
        database.read({ db in try MonitorStore.pendingReports(db) }) { [self] result in
            loop.execute { [self] in
                if case .success(let reports) = result {
                    for report in reports where !queued.contains(report.id) {
                        queued.insert(report.id)
                        queue.append(Item(id: report.id, params: report.params, waiter: nil))
                    }
                    queue.sort { $0.id < $1.id }
                }
                pump()
            }
        }
    }

    private func pump() {
        guard !sending, let item = queue.first else { return }
        guard sessions.isConnected else { return releaseWaiters() }
        sending = true
        sessions.call(Method.sessionGamesMonitorUpdate, params: item.params) { [self] result in
            sending = false
            switch result {
            case .failure(let error) where error.code == RPCErrorCode.unavailable || error.code == RPCErrorCode.timeout:
                logger.notice("session-service did not take a monitor report; kept for later", ("error", error.message))
                releaseWaiters()
                return
            case .failure(let error):
                logger.error("session-service refused a monitor report; dropped", ("error", error.message))
            case .success:
                break
            }
            let id = item.id
            database.write({ db in try MonitorStore.removeReport(db, id: id) }) { _ in }
            queue.removeFirst()
            queued.remove(item.id)
            item.waiter?()
            pump()
        }
    }

    /// Lets every waiting step go on; its reports stay queued.
    private func releaseWaiters() {
        for index in queue.indices {
            let waiter = queue[index].waiter
            queue[index].waiter = nil
            waiter?()
        }
    }
}
