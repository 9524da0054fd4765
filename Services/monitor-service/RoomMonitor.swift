import Contracts
import IO
import JSON
import Outbound
import Runtime
import Storage

/// What every room monitor of an instance shares (loop-confined parts
/// included, hence `@unchecked`: only ever used on `loop`).
struct MonitorContext: @unchecked Sendable {
    let loop: EventLoop
    let driver: CurlDriver
    let database: DatabaseWorker
    let reporter: SessionReporter
    let settings: MonitorSettings
    let configuration: RoomMonitorConfiguration
    let publish: (Event) -> Void
    let logger: Logger
}

/// The I/O around one `RoomMonitorMachine`: performs its effects — the REST
/// lookup, the shard WebSocket, recount connections, timers — and feeds
/// what happens back in as inputs. Loop-confined.
///
/// Durability and order (docs/architecture.md, "Room monitors"): socket and
/// timer effects happen at once; a step's durable part (the machine's state,
/// or its removal, and its reports to session-service) is committed to
/// monitor-<n>.db before the step's events are published, and steps are
/// announced one after another in order. A crash therefore never repeats an
/// event for something the saved state already knows (it can lose the
/// events of the step that was committing), and the reports are sent after
/// a restart.
final class RoomMonitor: @unchecked Sendable {
    let sessionGameID: Int64
    /// This run's claim on its saved row (`MonitorStore`).
    let token: String
    private(set) var machine: RoomMonitorMachine
    private let context: MonitorContext
    /// Called once, on the loop, after the final step has been announced.
    var onFinished: ((RoomMonitor) -> Void)?

    private var shard: WebSocketClient?
    /// Bumped whenever the shard is replaced or closed on purpose, so a
    /// late callback of an old socket is ignored.
    private var shardGeneration = 0
    private var recount: WebSocketClient?
    private var reconnectTimer: TimerID?
    private var recountTimer: TimerID?
    private var torndown = false

    private struct Step {
        let effects: [RoomMonitorEffect]
        /// The state to save (nil: nothing durable changed).
        let state: JSONValue?
        let finished: Bool
        let reports: [JSONObject]
        var isDurable: Bool { state != nil || finished || !reports.isEmpty }
    }
    private var steps: [Step] = []
    private var announcing = false

    init(machine: RoomMonitorMachine, token: String, context: MonitorContext) {
        sessionGameID = machine.target.gameID
        self.token = token
        self.machine = machine
        self.context = context
    }

    var target: MonitorTarget { machine.target }
    var isFinished: Bool { machine.isFinished }

    func start() {
        handle(.start)
        scheduleRecount(first: true)
    }

    func stop(_ reason: StopReason) { handle(.stop(reason)) }

    /// Closes sockets and timers without ending the monitor (process
    /// shutdown): the saved state resumes it at the next start.
    func suspend() { tearDown() }

    func handle(_ input: RoomMonitorInput) {
        guard !torndown else { return }
        let effects = machine.handle(input)
        guard !effects.isEmpty else { return }
        var reports: [JSONObject] = []
        var persist = false
        var finished = false
        for effect in effects {
            switch effect {
            case .lookUpRoom(let url): lookUp(url)
            case .connect(let url): connect(url)
            case .scheduleReconnect(let delay): scheduleReconnect(after: delay)
            case .recount(let url): startRecount(url)
            case .closeShard: closeShard()
            case .updateSessionGame(let count, let check, let status):
                var report: JSONObject = ["sessionGameId": .int(target.gameID), "roomCode": .string(target.roomCode),
                                          "checkStatus": .string(check.rawValue)]
                if let count { report.append("playerCount", .int(Int64(count))) }
                if let status { report.append("status", .string(status)) }
                reports.append(report)
            case .persist: persist = true
            case .finished: finished = true
            case .emit: break
            }
        }
        if finished { tearDown() }
        steps.append(Step(effects: effects, state: persist ? machine.toJSON() : nil, finished: finished,
                          reports: reports))
        announceNext()
    }

    // MARK: Steps: commit, then announce in order

    private func announceNext() {
        guard !announcing, !steps.isEmpty else { return }
        announcing = true
        let step = steps.removeFirst()
        guard step.isDurable else { return announce(step, reportIDs: []) }
        let (target, token) = (self.target, self.token)
        context.database.write({ db in
            try MonitorStore.commit(db, target: target, token: token, state: step.state, finished: step.finished,
                                    reports: step.reports, now: Timestamp.format(milliseconds: WallClock.nowMilliseconds()))
        }) { [context] result in
            context.loop.execute { [self] in
                switch result {
                case .success(let ids): announce(step, reportIDs: ids)
                case .failure(let error):
                    // The events still go out; a restart may repeat them.
                    context.logger.error("cannot save a monitor step", ("sessionGameId", "\(target.gameID)"),
                                         ("error", "\(error)"))
                    announce(step, reportIDs: [])
                }
            }
        }
    }

    /// Publishes the step's events in order; at its report, waits for
    /// session-service (one attempt) before what follows.
    private func announce(_ step: Step, reportIDs: [Int64]) {
        var remaining = step.effects[...]
        var reports = Array(zip(reportIDs, step.reports))[...]
        func next() {
            while let effect = remaining.popFirst() {
                switch effect {
                case .emit(let event):
                    context.publish(event)
                case .updateSessionGame:
                    guard let report = reports.popFirst() else { continue }
                    context.reporter.send([(report.0, report.1)]) { next() }
                    return
                default:
                    continue
                }
            }
            announcing = false
            if step.finished { onFinished?(self) }
            announceNext()
        }
        next()
    }

    // MARK: Effects

    private func lookUp(_ url: String) {
        let code = target.roomCode
        context.driver.fetch(HTTPRequest(url: url, userAgent: context.settings.userAgent, tls: context.settings.tls)) {
            [self] result in
            switch result {
            case .success(let response):
                switch RoomLookup.classify(status: response.status, body: response.text, requestedCode: code) {
                case .success(let room): handle(.lookupSucceeded(room))
                case .failure(let failure): handle(.lookupFailed(failure))
                }
            case .failure(let error):
                context.logger.notice("room lookup failed", ("room", code), ("error", error.message))
                handle(.lookupFailed(.transient))
            }
        }
    }

    private var socketOptions: WebSocketClientOptions {
        WebSocketClientOptions(subprotocols: [ShardURL.subprotocol], headers: [("User-Agent", context.settings.userAgent)],
                               tls: context.settings.tls)
    }

    private func connect(_ url: ShardURL) {
        closeShard()
        let generation = shardGeneration
        let client = WebSocketClient(url: url.string, options: socketOptions, driver: context.driver)
        client.onOpen = { [weak self] _ in
            guard let self, self.shardGeneration == generation else { return }
            self.handle(.socketOpened)
        }
        client.onText = { [weak self] text in
            guard let self, self.shardGeneration == generation else { return }
            self.handle(.received(EcastMessage.parse(text)))
        }
        client.onClose = { [weak self] code, _, error in
            guard let self, self.shardGeneration == generation else { return }
            self.shard = nil
            self.context.logger.info("shard closed", ("room", self.target.roomCode), ("code", "\(code)"),
                                     ("error", error?.message ?? "-"))
            self.handle(.socketClosed)
        }
        shard = client
        client.connect()
    }

    private func closeShard() {
        shardGeneration += 1
        shard?.close()
        shard = nil
    }

    private func scheduleReconnect(after delay: Int) {
        if let reconnectTimer { context.loop.cancel(reconnectTimer) }
        reconnectTimer = context.loop.schedule(afterMilliseconds: delay) { [weak self] in
            self?.reconnectTimer = nil
            self?.handle(.reconnectDue)
        }
    }

    /// Staggered: the first recount of each monitor falls at a random point
    /// of the period, so a thousand monitors do not recount at once.
    private func scheduleRecount(first: Bool = false) {
        guard !torndown else { return }
        let period = context.settings.recountMilliseconds
        let delay = first ? Int.random(in: period / 2...period) : period
        recountTimer = context.loop.schedule(afterMilliseconds: delay) { [weak self] in
            guard let self else { return }
            self.handle(.recountDue)
            self.scheduleRecount()
        }
    }

    /// A second, short-lived shard connection whose welcome lists everyone
    /// in the room; closed as soon as it has been read (or after 10 s).
    private func startRecount(_ url: ShardURL) {
        guard recount == nil else { return }
        var options = socketOptions
        options.connectTimeoutMilliseconds = 10_000
        let client = WebSocketClient(url: url.string, options: options, driver: context.driver)
        client.onText = { [weak self, weak client] text in
            guard let self, let client else { return }
            if case .welcome(let welcome) = EcastMessage.parse(text) {
                client.close()
                self.handle(.recounted(welcome.players))
            }
        }
        client.onClose = { [weak self] _, _, _ in self?.recount = nil }
        recount = client
        client.connect()
        context.loop.schedule(afterMilliseconds: 10_000) { [weak client] in client?.close() }
    }

    /// Closes the sockets and cancels the timers; later inputs are ignored.
    private func tearDown() {
        torndown = true
        closeShard()
        recount?.close()
        recount = nil
        if let reconnectTimer { context.loop.cancel(reconnectTimer) }
        if let recountTimer { context.loop.cancel(recountTimer) }
    }
}
