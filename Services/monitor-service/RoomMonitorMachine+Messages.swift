/// How each ecast frame moves the machine. Frames count only while a shard
/// socket is ours; anything but the welcome, `room/exit` and `error` is
/// ignored until the welcome has set the baseline, so no join or lobby
/// event can precede `room.connected`.
extension RoomMonitorMachine {
    mutating func received(_ message: EcastMessage, _ effects: inout [RoomMonitorEffect]) {
        guard hasSocket else { return }
        switch message {
        case .welcome(let welcome):
            welcomed(welcome, &effects)
        case .roomExit:
            finishRoomClosed(&effects)
        case .error(let code, _) where code == EcastMessage.noSuchRoleCode:
            finish(.roleRejected, checkStatus: .failed, &effects)
        case .clientConnected(let player?, _) where phase == .watching:
            announceNew([player], &effects)
        case .entity(let entity) where phase == .watching && EcastEntity.isRoomKey(entity.key):
            applyRoomEntity(entity, &effects)
        case .textDescriptions(let descriptions, let version) where phase == .watching:
            guard acceptVersion(version, forKey: EcastEntity.textDescriptionsKey) else { return }
            announceNew(descriptions.compactMap { $0.joinedPlayerName.map { EcastPlayer(id: nil, name: $0) } }, &effects)
        default:
            // client/disconnected keeps the slot (not a leave); other errors
            // (2017, 2023, …) are followed by a close if they matter, which
            // the reconnect path handles; replies and unknown frames carry
            // nothing the monitor needs.
            break
        }
    }

    /// The first welcome sets the baseline silently and announces
    /// `room.connected` with everyone already there; a later one (reconnect,
    /// resume) only announces what is new.
    mutating func welcomed(_ welcome: EcastWelcome, _ effects: inout [RoomMonitorEffect]) {
        phase = .watching
        failedAttempts = 0
        if let id = welcome.id, let secret = welcome.secret {
            state.slot = RoomMonitorState.Slot(id: id, secret: secret)
        }
        if state.connectedAnnounced {
            announceNew(welcome.players, &effects)
            if let entity = welcome.room {
                applyRoomEntity(entity, &effects)
            } else {
                evaluateLifecycle(startedBefore: state.gameStarted, &effects)
            }
            return
        }
        for player in welcome.players { _ = state.roster.admit(player) }
        if let entity = welcome.room, acceptVersion(entity.version, forKey: entity.key) {
            state.roomState = RoomState(val: entity.val)
        }
        state.connectedAnnounced = true
        effects.append(.emit(MonitorEvents.roomConnected(state)))
        effects.append(.updateSessionGame(playerCount: state.roster.count, checkStatus: .monitoring, status: nil))
        evaluateLifecycle(startedBefore: false, &effects)
    }

    /// Records `version` for `key` unless it is a duplicate or out of order
    /// (≤ the last seen). An update without a version is accepted: there is
    /// nothing to compare.
    mutating func acceptVersion(_ version: Int64?, forKey key: String) -> Bool {
        guard let version else { return true }
        if let last = state.versions[key], version <= last { return false }
        state.versions[key] = version
        return true
    }
}
