/// The players a monitor knows, in the order it learned of them, and the
/// rule for "is this someone new?" — which is what makes every join source
/// (`client/connected`, `textDescriptions`, welcomes and recounts) announce
/// each player exactly once.
///
/// Identity: by slot id when both sides know it, by name otherwise.
/// - same id → same player;
/// - same name and either side has no id → same player (a name-only
///   sighting from `textDescriptions` later gains its id from a welcome);
/// - same name, two different known ids → two players (the protocol lets
///   names repeat; ids are the truth when we have them).
/// Nobody is ever removed: ecast keeps a disconnected player's slot, and
/// the final count is the number of people who played.
struct PlayerRoster: Sendable, Equatable {
    private(set) var players: [EcastPlayer] = []

    init(_ players: [EcastPlayer] = []) {
        for player in players { _ = admit(player) }
    }

    var count: Int { players.count }
    var names: [String] { players.map(\.name) }

    /// Adds `player` unless it is already known; returns whether it was new.
    /// A known name-only entry adopts the sighting's id.
    mutating func admit(_ player: EcastPlayer) -> Bool {
        if let id = player.id, players.contains(where: { $0.id == id }) { return false }
        if let index = players.firstIndex(where: { $0.name == player.name && ($0.id == nil || player.id == nil) }) {
            if players[index].id == nil { players[index].id = player.id }
            return false
        }
        players.append(player)
        return true
    }
}
