import Contracts
import Crypto
import IO
import JSON
import RPC
import Runtime
import ServiceSupport
import Storage

/// The monitors this instance runs, by session game: started and stopped
/// by session-service (`monitors.start` / `monitors.stop`), asked for their
/// live status (`monitors.status`), resumed from monitor-<n>.db at start-up,
/// and each sending `game.status` every heartbeat. Loop-confined.
final class MonitorRegistry: @unchecked Sendable {
    private let context: MonitorContext
    private var monitors: [Int64: RoomMonitor] = [:]

    init(context: MonitorContext) {
        self.context = context
    }

    var count: Int { monitors.count }

    func register(on server: RPCServer) {
        server.register(Method.monitorsStart) { [self] call in start(call) }
        server.register(Method.monitorsStop) { [self] call in stop(call) }
        server.register(Method.monitorsStatus) { [self] call in
            guard let id = call.params["sessionGameId"]?.intValue else {
                return call.fail(.invalidParams("monitors.status needs sessionGameId"))
            }
            guard let monitor = monitors[id], !monitor.isFinished else { return call.succeed(.null) }
            call.succeed(.object(LiveStatus.live(monitor.machine)))
        }
    }

    /// Resumes every monitor saved by an earlier run (synchronously read:
    /// start-up, before the RPC server takes calls). Loop thread.
    func resume() throws {
        let saved = try context.database.sync { db in try MonitorStore.all(db) }
        for entry in saved {
            guard let machine = RoomMonitorMachine(json: entry.state, configuration: context.configuration) else {
                context.logger.error("cannot read a saved monitor; dropping it", ("sessionGameId", "\(entry.sessionGameID)"))
                continue
            }
            context.logger.info("resuming monitor", ("sessionGameId", "\(entry.sessionGameID)"),
                                ("room", machine.target.roomCode))
            launch(machine, token: entry.token)
        }
        scheduleHeartbeat()
    }

    /// Closes every socket without ending any monitor: they resume at the
    /// next start.
    func suspendAll() {
        for monitor in monitors.values { monitor.suspend() }
    }

    // MARK: Methods

    /// Idempotent: the same room keeps its monitor; another room code
    /// replaces it (the old one ends with `room.disconnected`).
    private func start(_ call: RPCCall) {
        guard let sessionID = call.params["sessionId"]?.intValue,
              let id = call.params["sessionGameId"]?.intValue,
              let code = call.params["roomCode"]?.stringValue, !code.isEmpty else {
            return call.fail(.invalidParams("monitors.start needs sessionId, sessionGameId and roomCode"))
        }
        if let running = monitors[id], !running.isFinished {
            if running.target.roomCode == code { return call.succeed(["started": false]) }
            running.stop(.roomCodeChanged)
            monitors[id] = nil
        }
        let target = MonitorTarget(sessionID: sessionID, gameID: id, roomCode: code)
        let machine = RoomMonitorMachine(target: target, configuration: context.configuration)
        // Saved before the answer: once session-service hears "started" it
        // forgets the call, so the monitor must survive a crash from here.
        let state = machine.toJSON()
        let token = SecureRandom.uuidV4()
        context.database.write({ db in
            try MonitorStore.insert(db, target: target, token: token, state: state,
                                    now: Timestamp.format(milliseconds: WallClock.nowMilliseconds()))
        }) { [self] result in
            context.loop.execute { [self] in
                switch result {
                case .failure(let error): DatabaseCalls.fail(call, error)
                case .success:
                    // A monitor this one replaces may still be announcing its
                    // last step; it no longer counts.
                    if monitors[id].map({ $0.isFinished }) ?? true { launch(machine, token: token) }
                    call.succeed(["started": true])
                }
            }
        }
    }

    private func stop(_ call: RPCCall) {
        guard let id = call.params["sessionGameId"]?.intValue else {
            return call.fail(.invalidParams("monitors.stop needs sessionGameId"))
        }
        let reason = call.params["reason"]?.stringValue.flatMap(StopReason.init(rawValue:)) ?? .manual
        guard let monitor = monitors[id], !monitor.isFinished else { return call.succeed(["stopped": false]) }
        monitor.stop(reason)
        call.succeed(["stopped": true])
    }

    // MARK: Monitors

    private func launch(_ machine: RoomMonitorMachine, token: String) {
        let monitor = RoomMonitor(machine: machine, token: token, context: context)
        monitor.onFinished = { [weak self] finished in
            guard let self, self.monitors[finished.sessionGameID] === finished else { return }
            self.monitors[finished.sessionGameID] = nil
        }
        monitors[machine.target.gameID] = monitor
        monitor.start()
    }

    /// One timer for the instance: every running monitor's `game.status`.
    /// Beats are due at fixed points (start + k × period), so the time spent
    /// sending them does not add up into drift.
    private var nextBeat: UInt64 = 0

    private func scheduleHeartbeat() {
        let period = UInt64(context.settings.heartbeatMilliseconds) * 1_000_000
        let now = MonotonicClock.now()
        nextBeat = nextBeat == 0 ? now + period : nextBeat + period
        if nextBeat < now { nextBeat = now + period }  // the loop was stalled: skip, do not burst
        _ = context.loop.schedule(afterNanoseconds: nextBeat - now) { [weak self] in
            guard let self else { return }
            for monitor in self.monitors.values where !monitor.isFinished {
                self.context.publish(LiveStatus.event(monitor.machine))
            }
            self.scheduleHeartbeat()
        }
    }
}
