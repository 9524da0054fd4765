import Dispatch
import Foundation
import IO
import Outbound
import Runtime
import Storage
import Synchronization

/// Works the webhook outbox (`WebhookOutbox`): POSTs each due delivery with
/// `CurlDriver.fetch`, records every attempt, schedules retries.
///
/// Threading: a dedicated thread running its own `EventLoop`, with one
/// `CurlDriver` (libcurl's multi socket API) on it. Every libcurl call there
/// is non-blocking, so the service's main loop could host it too; it has its
/// own because it is stopped at a different point of shutdown (after the
/// database step, see main.swift) than the RPC loop, and signing and
/// bookkeeping for a burst of deliveries then never add latency to RPC
/// replies. Up to `maxConcurrent` receivers are in flight at once and one
/// slow or dead receiver (10 s timeout) does not hold up the others. It never
/// blocks on the database either: reads and writes go to the
/// `DatabaseWorker` as jobs whose completions come back with `loop.execute`.
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
        /// Receivers on loopback, private, link-local… addresses are refused
        /// unless `WEBHOOK_ALLOW_PRIVATE=1` (tests, trusted networks).
        var addressPolicy = AddressPolicy.publicOnly
    }

    let database: DatabaseWorker
    let logger: Logger
    let settings: Settings
    let loop: EventLoop
    private let running = Mutex(false)
    private let exited = DispatchSemaphore(value: 0)
    /// Created on the delivery thread; touched only there.
    private nonisolated(unsafe) var state: DeliveryLoop?

    /// nil if the event loop cannot be created.
    init?(database: DatabaseWorker, logger: Logger, settings: Settings = Settings()) {
        guard let loop = try? EventLoop(name: "webhook-delivery") else { return nil }
        self.database = database
        self.logger = logger
        self.settings = settings
        self.loop = loop
    }

    /// Starts the thread; it begins by resuming whatever is pending.
    func start() {
        running.withLock { $0 = true }
        let thread = Thread { [self] in
            do {
                let driver = try CurlDriver(loop: loop)
                let state = DeliveryLoop(owner: self, driver: driver)
                self.state = state
                loop.execute { [self] in self.state?.step() }
                loop.run()
                // Transfers in flight are abandoned (their rows stay pending).
                driver.shutdown()
                self.state = nil
            } catch {
                logger.error("cannot create the libcurl multi handle for webhooks", ("error", "\(error)"))
            }
            exited.signal()
        }
        thread.name = "webhook-delivery"
        thread.start()
    }

    /// New deliveries were committed: look at the outbox now. Any thread.
    func wake() {
        loop.execute { [self] in
            state?.fetchWanted = true
            state?.step()
        }
    }

    /// Ends the thread and waits for it. Transfers in flight are abandoned;
    /// their rows are still pending and go out again at the next start.
    func stop() {
        loop.stop()
        if running.withLock({ $0 }) { exited.wait() }
    }

    func post(fetched result: Result<WebhookOutbox.DueBatch, any Error>) {
        loop.execute { [self] in
            state?.receive(result)
            state?.step()
        }
    }
}

/// The delivery thread's state; created and used on that thread only.
private final class DeliveryLoop {
    struct Transfer {
        let due: WebhookOutbox.Due
        let startedAt: UInt64
    }

    let owner: WebhookDelivery
    let driver: CurlDriver
    var transfers: [Int64: Transfer] = [:]
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
    /// The timer for `nextFetchAt` (at most 1 s ahead, as the old poll).
    var wakeTimer: TimerID?

    init(owner: WebhookDelivery, driver: CurlDriver) {
        self.owner = owner
        self.driver = driver
    }

    var canFetch: Bool { !fetchInProgress && transfers.count < owner.settings.maxConcurrent }

    /// Everything that may be due now: a fetch, pruning; then a timer for
    /// the next retry (at most 1 s ahead, re-checked then).
    func step() {
        if canFetch && (fetchWanted || WallClock.nowMilliseconds() >= nextFetchAt) { fetch() }
        pruneHourly()
        if let wakeTimer { owner.loop.cancel(wakeTimer) }
        let delay = Int(max(0, min(nextFetchAt - WallClock.nowMilliseconds(), 1000)))
        wakeTimer = owner.loop.schedule(afterMilliseconds: delay) { [self] in
            wakeTimer = nil
            step()
        }
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
        let request = HTTPRequest(
            method: "POST", url: due.url,
            headers: [("Content-Type", "application/json"),
                      ("X-Webhook-Event", due.eventType),
                      ("X-Webhook-Delivery", due.uuid),
                      ("X-Webhook-Signature", WebhookPayload.signature(secret: due.secret, body: due.body)),
                      // No `Expect: 100-continue` round trip before the body.
                      ("Expect", "")],
            body: Array(due.body.utf8), timeoutMilliseconds: owner.settings.timeoutMilliseconds,
            userAgent: owner.settings.userAgent, bodyHandling: .discard)
        var pinned = request
        pinned.addressPolicy = owner.settings.addressPolicy
        transfers[due.id] = Transfer(due: due, startedAt: MonotonicClock.now())
        driver.fetch(pinned) { [self] result in
            guard let transfer = transfers.removeValue(forKey: due.id) else { return }
            let duration = Int64((MonotonicClock.now() - transfer.startedAt) / 1_000_000)
            switch result {
            case .success(let response): complete(due, .status(response.status), durationMilliseconds: duration)
            // Never libcurl's text: it names hosts, ports and why a
            // connection failed, which would make the log a port scanner.
            case .failure(let error) where error.kind == .refused:
                complete(due, .refused(AddressPolicy.refusedMessage), durationMilliseconds: duration)
            case .failure:
                complete(due, .networkError(WebhookRetryPolicy.networkErrorMessage), durationMilliseconds: duration)
            }
            step()
        }
    }

    /// Records the attempt (log row + outbox row, one write job) and plans
    /// what comes next.
    func complete(_ due: WebhookOutbox.Due, _ result: WebhookRetryPolicy.AttemptResult, durationMilliseconds: Int64) {
        let number = due.attempts + 1
        let decision = owner.settings.retry.decide(attempt: number, result: result)
        let (status, message): (Int?, String?)
        switch result {
        case .status(let code): (status, message) = (code, (200...299).contains(code) ? nil : "HTTP \(code)")
        case .networkError(let text), .refused(let text): (status, message) = (nil, text)
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
