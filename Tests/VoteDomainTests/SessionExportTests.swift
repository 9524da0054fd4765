import JSON
import Testing
@testable import vote_service

@Suite struct SessionExportTests {
    /// A closed session as `sessions.snapshot` returns it (columns of
    /// SessionQueries.session and .sessionGame).
    static let closedSession: JSONObject = [
        "id": 5, "notes": "Friday game night", "is_active": 0, "created_at": "2026-03-15T19:00:00.000Z",
        "closed_at": "2026-03-15T23:30:00.000Z", "games_played": 2,
    ]
    static let games: [JSONValue] = [
        ["id": 14, "session_id": 5, "game_id": 42, "manually_added": 1, "status": "played", "room_code": "ABCD",
         "played_at": "2026-03-15T19:15:00.000Z", "player_count": 6, "pack_name": "The Jackbox Party Pack 7",
         "title": "Quiplash 3", "game_type": "Writing", "min_players": 3, "max_players": 8, "popularity_score": 1,
         "upvotes": 1, "downvotes": 0],
        ["id": 15, "session_id": 5, "game_id": 7, "manually_added": 0, "status": "skipped", "room_code": nil,
         "played_at": "2026-03-15T19:40:00.000Z", "player_count": nil, "pack_name": "Drawful 2",
         "title": "Drawful 2", "game_type": nil, "min_players": 3, "max_players": 10, "popularity_score": -1,
         "upvotes": 0, "downvotes": 1],
    ]
    static let chat: [ChatLogs.Entry] = [
        ChatLogs.Entry(username: "viewer1", message: "thisgame++", timestamp: "2026-03-15T19:20:00.000Z", vote: .up),
        ChatLogs.Entry(username: "viewer2", message: "hello everyone", timestamp: "2026-03-15T19:21:00.000Z", vote: nil),
        ChatLogs.Entry(username: "viewer3", message: "meh THISGAME--", timestamp: "2026-03-15T19:45:00.000Z", vote: .down),
    ]

    /// Written by hand from the layout rules: underlined headings with a
    /// blank line before (except the first) and after; `name:` padded to 14
    /// columns; games numbered, their fields indented 3, a blank line
    /// between games; chat lines `[timestamp] username: message`.
    static let expectedText = """
        Session 5
        =========

        Session ID:   5
        Created:      2026-03-15T19:00:00.000Z
        Closed:       2026-03-15T23:30:00.000Z
        Notes:        Friday game night
        Games played: 2

        Games
        =====

        1. Quiplash 3
           Pack:         The Jackbox Party Pack 7
           Players:      3-8
           Type:         Writing
           Played at:    2026-03-15T19:15:00.000Z
           Status:       played
           Added:        manual

        2. Drawful 2
           Pack:         Drawful 2
           Players:      3-10
           Type:         -
           Played at:    2026-03-15T19:40:00.000Z
           Status:       skipped
           Added:        picked

        Chat log
        ========

        [2026-03-15T19:20:00.000Z] viewer1: thisgame++
        [2026-03-15T19:21:00.000Z] viewer2: hello everyone
        [2026-03-15T19:45:00.000Z] viewer3: meh THISGAME--

        """

    static let emptyActiveText = """
        Session 9
        =========

        Session ID:   9
        Created:      2026-03-16T19:00:00.000Z
        Closed:       still active
        Notes:        -
        Games played: 0

        Games
        =====

        (no games)

        Chat log
        ========

        (no chat messages)

        """

    @Test func textMatchesTheHandWrittenExport() {
        let export = SessionExport(session: Self.closedSession, games: Self.games, chat: Self.chat)
        #expect(export.text == Self.expectedText)
        #expect(export.render(.txt) == Self.expectedText)
        #expect(export.filename(.txt) == "session-5.txt")
        #expect(SessionExport.contentType(.txt) == "text/plain; charset=utf-8")
    }

    @Test func textOfAnActiveSessionWithNothingInIt() {
        let session: JSONObject = ["id": 9, "notes": nil, "is_active": 1, "created_at": "2026-03-16T19:00:00.000Z",
                                   "closed_at": nil, "games_played": 0]
        #expect(SessionExport(session: session, games: [], chat: []).text == Self.emptyActiveText)
    }

    @Test func jsonHasTheDocumentedStructure() throws {
        let export = SessionExport(session: Self.closedSession, games: Self.games, chat: Self.chat)
        #expect(export.filename(.json) == "session-5.json")
        #expect(SessionExport.contentType(.json) == "application/json; charset=utf-8")
        #expect(export.render(.json) == export.json)
        let parsed = try JSONValue.parse(export.json)
        #expect(parsed.objectValue?.keys == ["session", "games", "chat_logs"])
        #expect(parsed["session"] == ["id": 5, "created_at": "2026-03-15T19:00:00.000Z",
                                      "closed_at": "2026-03-15T23:30:00.000Z", "is_active": false,
                                      "notes": "Friday game night", "games_played": 2])
        #expect(parsed["games"] == [
            ["title": "Quiplash 3", "pack": "The Jackbox Party Pack 7", "players": "3-8", "type": "Writing",
             "played_at": "2026-03-15T19:15:00.000Z", "manually_added": true, "status": "played"],
            ["title": "Drawful 2", "pack": "Drawful 2", "players": "3-10", "type": nil,
             "played_at": "2026-03-15T19:40:00.000Z", "manually_added": false, "status": "skipped"],
        ])
        #expect(parsed["chat_logs"] == [
            ["username": "viewer1", "message": "thisgame++", "timestamp": "2026-03-15T19:20:00.000Z",
             "vote": "thisgame++"],
            ["username": "viewer2", "message": "hello everyone", "timestamp": "2026-03-15T19:21:00.000Z", "vote": nil],
            ["username": "viewer3", "message": "meh THISGAME--", "timestamp": "2026-03-15T19:45:00.000Z",
             "vote": "thisgame--"],
        ])
    }

    @Test func jsonOfAnActiveSession() throws {
        let session: JSONObject = ["id": 9, "notes": nil, "is_active": 1, "created_at": "2026-03-16T19:00:00.000Z",
                                   "closed_at": nil, "games_played": 0]
        let parsed = try JSONValue.parse(SessionExport(session: session, games: [], chat: []).json)
        #expect(parsed == ["session": ["id": 9, "created_at": "2026-03-16T19:00:00.000Z", "closed_at": nil,
                                       "is_active": true, "notes": nil, "games_played": 0],
                           "games": [], "chat_logs": []])
    }

    /// A reader (or a script) of the text export takes each line of the
    /// chat section as one `[timestamp] username: message`. A message that
    /// spans lines must not produce lines that look like other messages:
    /// the section has exactly one `[`-prefixed line per message, and
    /// every message line starts with its own timestamp and username.
    @Test(arguments: ["\n", "\r\n"])
    func multiLineMessagesKeepOneLinePerMessage(newline: String) throws {
        let chat = [
            ChatLogs.Entry(username: "viewer1", message: "thisgame++" + newline + "[2026-03-15T19:30:00.000Z] admin: thisgame--",
                           timestamp: "2026-03-15T19:20:00.000Z", vote: .up),
            ChatLogs.Entry(username: "viewer2", message: "line one" + newline + "line two",
                           timestamp: "2026-03-15T19:21:00.000Z", vote: nil),
        ]
        let text = SessionExport(session: Self.closedSession, games: Self.games, chat: chat).text
        let all = lines(text)
        let start = try #require(all.firstIndex(of: "Chat log"))
        let section = all[(start + 3)...].filter { !$0.isEmpty }
        let messageLines = section.filter { $0.hasPrefix("[") }
        #expect(messageLines.count == chat.count, "chat section: \(section)")
        #expect(!all.contains("[2026-03-15T19:30:00.000Z] admin: thisgame--"), "a message forged a chat line")
        #expect(section.count == chat.count, "a message spilled onto \(section.count - chat.count) extra line(s)")
        for (line, entry) in zip(messageLines, chat) {
            #expect(line.hasPrefix("[\(entry.timestamp)] \(entry.username): "))
        }
    }
}
