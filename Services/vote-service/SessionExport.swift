import JSON

/// `GET /api/sessions/{id}/export` (sessions-api.txt): the session, its
/// games in play order and its chat log, as JSON or as plain text for
/// people. Pure: the caller gathers the session and games from
/// session-service and the chat log from votes.db.
struct SessionExport: Sendable {
    enum Format: String, Sendable {
        case json
        case txt
    }

    /// A `sessions.snapshot` session row.
    let session: JSONObject
    /// `sessions.snapshot` game rows, in play order.
    let games: [JSONValue]
    let chat: [ChatLogs.Entry]

    var sessionID: Int64 { session["id"]?.intValue ?? 0 }

    func filename(_ format: Format) -> String { "session-\(sessionID).\(format.rawValue)" }

    static func contentType(_ format: Format) -> String {
        format == .json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8"
    }

    func render(_ format: Format) -> String {
        format == .json ? json : text
    }

    // MARK: JSON

    var json: String {
        let sessionObject: JSONObject = [
            "id": .int(sessionID),
            "created_at": session["created_at"] ?? .null,
            "closed_at": session["closed_at"] ?? .null,
            "is_active": .bool(session["is_active"]?.intValue == 1),
            "notes": session["notes"] ?? .null,
            "games_played": session["games_played"] ?? .int(Int64(games.count)),
        ]
        let gameObjects: [JSONValue] = games.map { game in
            [
                "title": game["title"] ?? .null,
                "pack": game["pack_name"] ?? .null,
                "players": .string(Self.players(game)),
                "type": game["game_type"] ?? .null,
                "played_at": game["played_at"] ?? .null,
                "manually_added": .bool(game["manually_added"]?.intValue == 1),
                "status": game["status"] ?? .null,
            ]
        }
        let chatObjects: [JSONValue] = chat.map { entry in
            ["username": .string(entry.username), "message": .string(entry.message),
             "timestamp": .string(entry.timestamp), "vote": entry.vote.map { .string($0.marker) } ?? .null]
        }
        return JSONValue.object(["session": .object(sessionObject), "games": .array(gameObjects),
                                 "chat_logs": .array(chatObjects)]).jsonString
    }

    // MARK: Text

    /// Three sections under underlined headings: the session, the numbered
    /// games, the chat log as `[timestamp] username: message`.
    var text: String {
        var lines: [String] = []
        func heading(_ title: String) {
            if !lines.isEmpty { lines.append("") }
            lines.append(title)
            lines.append(String(repeating: "=", count: title.count))
            lines.append("")
        }
        func field(_ name: String, _ value: String, indent: String = "") {
            lines.append(indent + (name + ":").padding(to: 14) + value.singleLine)
        }

        heading("Session \(sessionID)")
        field("Session ID", "\(sessionID)")
        field("Created", session["created_at"]?.stringValue ?? "-")
        field("Closed", session["closed_at"]?.stringValue ?? (session["is_active"]?.intValue == 1 ? "still active" : "-"))
        field("Notes", session["notes"]?.stringValue ?? "-")
        field("Games played", "\(session["games_played"]?.intValue ?? Int64(games.count))")

        heading("Games")
        if games.isEmpty { lines.append("(no games)") }
        for (index, game) in games.enumerated() {
            if index > 0 { lines.append("") }
            lines.append("\(index + 1). \((game["title"]?.stringValue ?? "?").singleLine)")
            field("Pack", game["pack_name"]?.stringValue ?? "-", indent: "   ")
            field("Players", Self.players(game), indent: "   ")
            field("Type", game["game_type"]?.stringValue ?? "-", indent: "   ")
            field("Played at", game["played_at"]?.stringValue ?? "-", indent: "   ")
            field("Status", game["status"]?.stringValue ?? "-", indent: "   ")
            field("Added", game["manually_added"]?.intValue == 1 ? "manual" : "picked", indent: "   ")
        }

        heading("Chat log")
        if chat.isEmpty { lines.append("(no chat messages)") }
        for entry in chat {
            lines.append("[\(entry.timestamp.singleLine)] \(entry.username.singleLine): \(entry.message.singleLine)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func players(_ game: JSONValue) -> String {
        let low = game["min_players"]?.intValue.map { "\($0)" } ?? "?"
        let high = game["max_players"]?.intValue.map { "\($0)" } ?? "?"
        return "\(low)-\(high)"
    }
}

extension String {
    /// Line breaks (CR, LF, VT, FF, NEL, U+2028/2029) as spaces: one chat
    /// message, one line, so a message can never forge a line of its own.
    fileprivate var singleLine: String {
        let breaks: Set<Unicode.Scalar> = ["\r", "\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"]
        guard unicodeScalars.contains(where: breaks.contains) else { return self }
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars { result.append(breaks.contains(scalar) ? " " : scalar) }
        return String(result)
    }

    fileprivate func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
