/// Lookup, connect and reconnect: the parts of the machine that decide when
/// to talk to ecast and how patiently.
extension RoomMonitorMachine {
    var lookupURL: String { RoomLookup.url(baseURL: configuration.ecastBaseURL, code: target.roomCode) }

    /// Fresh or resumed, a monitor first asks REST whether the room exists
    /// (and on which host its shards live).
    mutating func start(_ effects: inout [RoomMonitorEffect]) {
        guard phase == .idle else { return }
        phase = .lookingUp
        effects.append(.lookUpRoom(url: lookupURL))
    }

    /// Connects — to our old slot when we have one, so a reconnect or resume
    /// keeps our place rather than adding a second shard.
    mutating func lookupSucceeded(_ room: RoomLookup.Room, _ effects: inout [RoomMonitorEffect]) {
        guard phase == .lookingUp else { return }
        state.room = room
        phase = .connecting
        effects.append(.connect(url(reconnecting: true)))
    }

    /// A 404 before we were ever in the room means the code is wrong or
    /// stale (`room_not_found`); after we have been in it, ecast closed it
    /// (`room_closed`). Other failures retry with back-off.
    mutating func lookupFailed(_ failure: RoomLookup.Failure, _ effects: inout [RoomMonitorEffect]) {
        guard phase == .lookingUp else { return }
        switch failure {
        case .notFound where state.connectedAnnounced: finishRoomClosed(&effects)
        case .notFound: finish(.roomNotFound, checkStatus: .failed, &effects)
        case .transient: retryLater(&effects)
        }
    }

    /// Spends one attempt of the back-off schedule, or gives up with
    /// `connection_failed` when none is left. The counter resets on a welcome.
    mutating func retryLater(_ effects: inout [RoomMonitorEffect]) {
        let delays = configuration.reconnectDelays
        guard failedAttempts < delays.count else {
            phase = .waitingToReconnect  // the socket is gone: nothing to close
            finish(.connectionFailed, checkStatus: .failed, &effects)
            return
        }
        let delay = max(0, delays[failedAttempts])
        failedAttempts += 1
        phase = .waitingToReconnect
        effects.append(.scheduleReconnect(afterMilliseconds: delay))
    }

    /// The back-off timer fired: look the room up again before reconnecting.
    mutating func reconnectDue(_ effects: inout [RoomMonitorEffect]) {
        guard phase == .waitingToReconnect else { return }
        phase = .lookingUp
        effects.append(.lookUpRoom(url: lookupURL))
    }
}
