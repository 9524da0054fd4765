import JSON

/// A player as one ecast frame reveals them: a slot id when the frame has one
/// (`here`, `client/connected`) and the name shown in the room.
///
/// The id is optional because one of the three join sources, the game's
/// `textDescriptions` ("Alice joined."), carries only a name; the roster
/// matches by id when both sides know it and by name otherwise.
struct EcastPlayer: Sendable, Equatable {
    var id: Int64?
    var name: String

    init(id: Int64?, name: String) {
        self.id = id
        self.name = name
    }

    /// The players of a `client/welcome` `here` object: entries whose
    /// `roles` has `player`, named by `roles.player.name`, in slot-id order
    /// (the object's member order is the server's and not meaningful).
    ///
    /// `here` keeps disconnected players, which is what we want: their slot
    /// is kept and they count. Entries without a usable name are skipped
    /// rather than counted as an anonymous player; a later frame naming them
    /// adds them then.
    static func players(inHere here: JSONValue?) -> [EcastPlayer] {
        guard let members = here?.objectValue?.members else { return [] }
        var players: [EcastPlayer] = []
        for member in members {
            guard let roles = member.value["roles"]?.objectValue, let player = roles["player"] else { continue }
            guard let name = usableName(player["name"]) else { continue }
            let id = member.value["id"]?.intValue ?? Int64(member.key)
            players.append(EcastPlayer(id: id, name: name))
        }
        return players.sorted { ($0.id ?? .max, $0.name) < ($1.id ?? .max, $1.name) }
    }

    /// A name worth showing: a string that is not blank after trimming.
    static func usableName(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue else { return nil }
        let trimmed = text.trimmingSpaces
        return trimmed.isEmpty ? nil : trimmed
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines
    /// (no Foundation in this target).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
