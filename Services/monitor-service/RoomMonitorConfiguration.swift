/// Settings of a room monitor that are not state: where ecast is and how
/// patiently to reconnect. Not persisted — a resumed monitor takes the
/// process's current configuration.
struct RoomMonitorConfiguration: Sendable, Equatable {
    /// `ECAST_BASE_URL`, e.g. `https://ecast.jackboxgames.com`.
    var ecastBaseURL: String
    /// The wait before each reconnect attempt after a drop or a failed
    /// lookup; its length is the number of attempts before giving up with
    /// `connection_failed`. A parameter so tests and the I/O layer can
    /// shorten it.
    var reconnectDelays: [Int]

    static let defaultReconnectDelays = [1000, 2000, 4000, 8000, 16000]

    init(ecastBaseURL: String, reconnectDelays: [Int] = Self.defaultReconnectDelays) {
        self.ecastBaseURL = ecastBaseURL
        self.reconnectDelays = reconnectDelays
    }
}
