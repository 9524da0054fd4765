import Testing
@testable import vote_service

@Suite struct ChatVoteTests {
    @Test(arguments: [
        ("thisgame++", ChatVote.up),
        ("thisgame--", .down),
        ("THISGAME++", .up),
        ("ThisGame--", .down),
        ("tHiSgAmE++", .up),
        ("great round, thisgame++ for sure", .up),
        ("nah thisgame-- lol", .down),
        ("thisgame+++", .up),
        ("🎉thisgame++🎉", .up),
        ("thisgame++ not thisgame--", .up),
        ("thisgame-- then thisgame++", .down),
        ("thisgame+- but thisgame--", .down),
        ("thisgamethisgame++", .up),
    ] as [(String, ChatVote)])
    func messagesThatVote(message: String, expected: ChatVote) {
        #expect(ChatVote.parse(message: message) == expected)
    }

    @Test(arguments: [
        "", "thisgame", "thisgame+", "thisgame-", "hisgame++", "thisgame+-", "thisgame-+", "this game++",
        "thisgame ++", "gg everyone", "thisgam++", "thatgame++", "++thisgame", "thisgame＋＋",
    ])
    func messagesThatDoNotVote(message: String) {
        #expect(ChatVote.parse(message: message) == nil)
    }

    @Test func signMarkerAndBack() {
        #expect(ChatVote.up.sign == 1)
        #expect(ChatVote.down.sign == -1)
        #expect(ChatVote.up.marker == "thisgame++")
        #expect(ChatVote.down.marker == "thisgame--")
        #expect(ChatVote(sign: 1) == .up)
        #expect(ChatVote(sign: -1) == .down)
        #expect(ChatVote(sign: 0) == nil)
        #expect(ChatVote(sign: 2) == nil)
        #expect(ChatVote(rawValue: "up") == .up)
        #expect(ChatVote(rawValue: "down") == .down)
    }

    /// Vectors computed independently with Python's hashlib:
    /// `hashlib.sha256(b'viewer1:thisgame++:2026-03-15T20:30:00Z').hexdigest()` and
    /// `hashlib.sha256('Zoë:ThisGame-- ok:2026-03-15T20:30:00.000Z'.encode()).hexdigest()`.
    @Test func dedupHashIsLowercaseHexSHA256OfUsernameMessageTimestamp() {
        #expect(ChatVote.dedupHash(username: "viewer1", message: "thisgame++", timestamp: "2026-03-15T20:30:00Z")
                == "b96bd79e9d4e1f1956f849ed34f2d23383d1d28b1cc352f4dcf3cf1dfde80b6c")
        #expect(ChatVote.dedupHash(username: "Zoë", message: "ThisGame-- ok", timestamp: "2026-03-15T20:30:00.000Z")
                == "7f510985d85ea8984520918976b7229ae938f28167b8492e3c49ebeca3f4e752")
    }

    @Test func dedupHashTakesTheTimestampAsSentAndEveryPart() {
        let base = ChatVote.dedupHash(username: "viewer1", message: "thisgame++", timestamp: "2026-03-15T20:30:00Z")
        // The same instant written differently is a different message.
        #expect(ChatVote.dedupHash(username: "viewer1", message: "thisgame++", timestamp: "2026-03-15T20:30:00.000Z") != base)
        #expect(ChatVote.dedupHash(username: "viewer2", message: "thisgame++", timestamp: "2026-03-15T20:30:00Z") != base)
        #expect(ChatVote.dedupHash(username: "viewer1", message: "thisgame--", timestamp: "2026-03-15T20:30:00Z") != base)
        let hash = ChatVote.dedupHash(username: "", message: "", timestamp: "")
        #expect(hash.utf8.count == 64)
        #expect(hash.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) })
    }
}
