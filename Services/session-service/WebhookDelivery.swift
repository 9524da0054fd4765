import CCurlShim
import Dispatch
import Foundation
import IO
import Runtime
import Storage
import Synchronization

/// Works the webhook outbox (`WebhookOutbox`): POSTs each due delivery with
/// libcurl, records every attempt, schedules retries.
///
/// Threading: one dedicated thread, neither the event loop (RPC replies
/// never wait for a receiver) nor the database thread (SQLite work never
/// waits for the network). That thread drives a libcurl *multi* handle, so
/// up to `maxConcurrent` receivers are in flight at once and one slow or
/// dead receiver (10 s timeout) does not hold up the others; a single easy
/// handle at a time would. It never blocks on the database either: reads
/// and writes go to the `DatabaseWorker` as jobs whose completions post back
/// into `inbox` and wake the thread with `curl_multi_wakeup`.
///
/// State lives in the database, not here: on start-up every pending row is
/// picked up again, which is how deliveries survive a restart.
final class WebhookDelivery: Sendable {
    struct Settings: Sendable {
        var retry = WebhookRetryPolicy()
        /// Transfers in flight at once (each to a different webhook).
        var maxConcurrent = 8
        /// Per attempt, connection included (platform-api.md: 10 s).
        var timeoutMilliseconds = 10_000
        var userAgent = "gamenight-webhooks/1"
    }

    /// What other threads hand the delivery thread.
    struct Inbox: Sendable {
        var wake = false
        var stopping = false
        var fetched: Result<WebhookOutbox.DueBatch, any Error>?
    }

    let database: DatabaseWorker
    let logger: Logger
    let settings: Settings
    let multi: CurlMulti
    private let inbox = Mutex(Inbox())
    private let running = Mutex(false)
    private let exited = DispatchSemaphore(value: 0)

    /// nil if libcurl cannot create a multi handle.
    init?(database: DatabaseWorker, logger: Logger, settings: Settings = Settings()) {
        guard let multi = CurlMulti() else { return nil }
        self.database = database
        self.logger = logger
        self.settings = settings
        self.multi = multi
    }

    /// Starts the thread; it begins by resuming whatever is pending.
    func start() {
        running.withLock { $0 = true }
        let thread = Thread { [self] in
            DeliveryLoop(owner: self).run()
            exited.signal()
        }
        thread.name = "webhook-delivery"
        thread.start()
    }

    /// New deliveries were committed: look at the outbox now. Any thread.
    func wake() {
        inbox.withLock { $0.wake = true }
        multi.wakeup()
    }

    /// Ends the thread and waits for it. Transfers in flight are abandoned;
    /// their rows are still pending and go out again at the next start.
    func stop() {
        inbox.withLock { $0.stopping = true }
        multi.wakeup()
        if running.withLock({ $0 }) { exited.wait() }
    }

    func post(fetched result: Result<WebhookOutbox.DueBatch, any Error>) {
        inbox.withLock { $0.fetched = result }
        multi.wakeup()
    }

    func takeInbox() -> Inbox {
        inbox.withLock { inbox in
            defer {
                inbox.wake = false
                inbox.fetched = nil
            }
            return inbox
        }
    }
}

/// The delivery thread's state; created and used on that thread only.
private final class DeliveryLoop {
    struct Transfer {
        let post: CurlPost
        let due: WebhookOutbox.Due
        let startedAt: UInt64
    }

    let owner: WebhookDelivery
    var transfers: [UnsafeMutableRawPointer: Transfer] = [:]
    /// Look at the outbox as soon as a fetch may start (start-up: resume).
    var fetchWanted = true
    var fetchInProgress = false
    /// When a delivery not yet due becomes due (Unix ms).
    var nextFetchAt = Int64.max
    /// Deliveries finished after the running fetch read the outbox: its rows
    /// for them are stale (still "pending") and must not be sent again.
    var finishedSinceFetch: Set<Int64> = []
    /// Retries scheduled after the running fetch read the outbox.
    var retryAtSinceFetch = Int64.max
    /// When finished outbox rows were last pruned (0: at start-up).
    var prunedAt: Int64 = 0

    init(owner: WebhookDelivery) { self.owner = owner }

    var canFetch: Bool { !fetchInProgress && transfers.count < owner.settings.maxConcurrent }

    func run() {
        while true {
            let inbox = owner.takeInbox()
            if inbox.stopping { break }
            if inbox.wake { fetchWanted = true }
            if let fetched = inbox.fetched { receive(fetched) }
            if canFetch && (fetchWanted || WallClock.nowMilliseconds() >= nextFetchAt) { fetch() }
            pruneHourly()
            owner.multi.perform()
            while let finished = owner.multi.nextFinished() { finish(finished.handle, finished.result) }
            owner.multi.poll(timeoutMilliseconds: pollTimeout())
        }
        for transfer in transfers.values { owner.multi.remove(transfer.post) }
        transfers.removeAll()
    }

    /// 0 when a fetch is wanted and allowed; otherwise until the next retry
    /// is due, at most 1 s. Sockets, libcurl's timers, fetch results and
    /// `wake` all interrupt the wait.
    func pollTimeout() -> Int32 {
        guard canFetch else { return 1000 }
        if fetchWanted { return 0 }
        return Int32(clamping: max(0, min(nextFetchAt - WallClock.nowMilliseconds(), 1000)))
    }

    func fetch() {
        fetchInProgress = true
        fetchWanted = false
        finishedSinceFetch = []
        retryAtSinceFetch = .max
        let now = WallClock.nowMilliseconds()
        owner.database.read({ db in try WebhookOutbox.due(db, nowMilliseconds: now) }) { [owner] result in
            owner.post(fetched: result)
        }
    }

    /// Keeps delivered and failed rows from piling up in the outbox.
    func pruneHourly() {
        let now = WallClock.nowMilliseconds()
        guard now - prunedAt >= 3_600_000 else { return }
        prunedAt = now
        let cutoff = now - WebhookOutbox.finishedRetentionMilliseconds
        let logger = owner.logger
        owner.database.write({ db in try WebhookOutbox.prune(db, finishedBefore: cutoff) }) { result in
            if case .failure(let error) = result, !isShutDown(error) {
                logger.error("cannot prune the webhook outbox", ("error", "\(error)"))
            }
        }
    }

    func receive(_ result: Result<WebhookOutbox.DueBatch, any Error>) {
        fetchInProgress = false
        switch result {
        case .failure(let error):
            if !isShutDown(error) { owner.logger.error("cannot read the webhook outbox", ("error", "\(error)")) }
            nextFetchAt = min(retryAtSinceFetch, WallClock.nowMilliseconds() + 1000)
        case .success(let batch):
            nextFetchAt = min(batch.nextDueAt ?? .max, retryAtSinceFetch)
            // A webhook with a transfer in flight waits for it (one at a
            // time per webhook); its finish asks for a new fetch.
            var busy = Set(transfers.values.map(\.due.webhookID))
            for due in batch.deliveries where transfers.count < owner.settings.maxConcurrent {
                guard !busy.contains(due.webhookID), !finishedSinceFetch.contains(due.id) else { continue }
                busy.insert(due.webhookID)
                begin(due)
            }
        }
    }

    func begin(_ due: WebhookOutbox.Due) {
        let options = CurlPost.Options(
            url: due.url, body: due.body,
            headers: ["Content-Type: application/json",
                      "X-Webhook-Event: \(due.eventType)",
                      "X-Webhook-Delivery: \(due.uuid)",
                      "X-Webhook-Signature: \(WebhookPayload.signature(secret: due.secret, body: due.body))",
                      // No `Expect: 100-continue` round trip before the body.
                      "Expect:"],
            userAgent: owner.settings.userAgent, timeoutMilliseconds: owner.settings.timeoutMilliseconds)
        guard let post = CurlPost(options), owner.multi.add(post) else {
            complete(due, .networkError("could not set up the HTTP request"), durationMilliseconds: 0)
            return
        }
        transfers[post.handle] = Transfer(post: post, due: due, startedAt: MonotonicClock.now())
    }

    func finish(_ handle: UnsafeMutableRawPointer, _ code: CURLcode) {
        guard let transfer = transfers.removeValue(forKey: handle) else { return }
        owner.multi.remove(transfer.post)
        let duration = Int64((MonotonicClock.now() - transfer.startedAt) / 1_000_000)
        let result: WebhookRetryPolicy.AttemptResult = code == CURLE_OK
            ? .status(transfer.post.responseStatus)
            : .networkError(transfer.post.errorMessage(code))
        complete(transfer.due, result, durationMilliseconds: duration)
    }

    /// Records the attempt (log row + outbox row, one write job) and plans
    /// what comes next.
    func complete(_ due: WebhookOutbox.Due, _ result: WebhookRetryPolicy.AttemptResult, durationMilliseconds: Int64) {
        let number = due.attempts + 1
        let decision = owner.settings.retry.decide(attempt: number, result: result)
        let (status, message): (Int?, String?)
        switch result {
        case .status(let code): (status, message) = (code, (200...299).contains(code) ? nil : "HTTP \(code)")
        case .networkError(let text): (status, message) = (nil, text)
        }
        let attempt = WebhookOutbox.Attempt(deliveryID: due.id, webhookID: due.webhookID, eventType: due.eventType,
                                            attempt: number, responseStatus: status, errorMessage: message,
                                            durationMilliseconds: durationMilliseconds, decision: decision)
        let finishedAt = WallClock.nowMilliseconds()
        let logger = owner.logger
        owner.database.write({ db in try WebhookOutbox.record(db, attempt, nowMilliseconds: finishedAt) }) { result in
            if case .failure(let error) = result, !isShutDown(error) {
                logger.error("cannot record a webhook attempt", ("delivery", "\(attempt.deliveryID)"),
                             ("error", "\(error)"))
            }
        }
        finishedSinceFetch.insert(due.id)
        fetchWanted = true
        if case .retry(let delay) = decision {
            nextFetchAt = min(nextFetchAt, finishedAt + delay)
            retryAtSinceFetch = min(retryAtSinceFetch, finishedAt + delay)
        }
        let log = logger.with("webhook", "\(due.webhookID)").with("event", due.eventType).with("delivery", due.uuid)
            .with("attempt", "\(number)").with("result", message ?? "HTTP \(status ?? 0)")
            .with("ms", "\(durationMilliseconds)")
        switch decision {
        case .delivered: log.info("webhook delivered")
        case .retry: log.warning("webhook attempt failed; will retry")
        case .failed: log.warning("webhook delivery failed")
        }
    }
}

/// The database closed during shutdown (its step runs before ours): not worth
/// an error line; the rows involved are still pending and resume next start.
private func isShutDown(_ error: any Error) -> Bool {
    (error as? DatabaseWorkerError) == .shutDown
}
