/// The durable part of a room monitor: everything that must survive a crash
/// so a resumed monitor reconnects to its slot and repeats nothing. It is
/// what `toJSON()` stores; the machine's phase and retry counter are not in
/// here (a resumed monitor always starts with a fresh lookup and a fresh
/// back-off budget).
struct RoomMonitorState: Sendable, Equatable {
    var target: MonitorTarget
    /// The last successful REST lookup (app tag, shard host, max players, locked).
    var room: RoomLookup.Room?
    /// Our slot from the last welcome, to reconnect to it (`&secret=&id=`).
    var slot: Slot?
    /// Everyone announced so far (in `room.connected` or `lobby.player-joined`).
    var roster = PlayerRoster()
    /// The last room entity `val` read; nil until one arrives.
    var roomState: RoomState?
    /// The last version seen per entity key; updates at or below it are ignored.
    var versions: [String: Int64] = [:]
    /// `room.connected` has been emitted (never repeated after a reconnect or resume).
    var connectedAnnounced = false
    /// `game.started` has been emitted.
    var gameStarted = false
    /// `game.ended` has been emitted.
    var gameFinished = false
    /// Set once the monitor has finished; a finished monitor ignores every input.
    var finishedReason: DisconnectReason?

    struct Slot: Sendable, Equatable {
        var id: Int64
        var secret: String
    }

    init(target: MonitorTarget) {
        self.target = target
    }
}
