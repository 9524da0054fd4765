import Contracts
import Glibc
import JSON
import ServiceSupport
import Storage
import TestSupport
import Testing
@testable import vote_service

/// A fresh migrated votes.db in a temp directory; domain functions run the
/// way the database worker runs them (inside a transaction).
final class VoteFixture {
    private let storage: TemporaryDatabase
    var db: SQLiteConnection { storage.db }
    /// Unix ms of the next write; 2026-03-15T19:00:00.000Z.
    private(set) var clock: Int64 = 1_773_601_200_000

    init() throws {
        storage = try TemporaryDatabase(file: "votes.db", migrations: VoteSchema.migrations)
    }

    /// Runs `body` in a transaction with `now` one millisecond after the
    /// previous write (as text and as Unix ms).
    @discardableResult
    func write<T>(_ body: (SQLiteConnection, String, Int64) throws -> T) throws -> T {
        clock += 1
        let now = clock
        return try db.transaction { try body(db, Timestamp.format(milliseconds: now), now) }
    }

    func count(_ table: String, where condition: String = "1", _ bindings: [SQLiteValue] = []) throws -> Int64 {
        try db.query("SELECT COUNT(*) AS n FROM \(table) WHERE \(condition)", bindings).first?.int("n") ?? -1
    }
}

/// 2026-03-15T19:00:00.000Z, computed independently
/// (`python3 -c "import datetime;print(datetime.datetime(2026,3,15,19,tzinfo=datetime.timezone.utc).timestamp())"`).
let nineteenHundred: Int64 = 1_773_601_200_000
let oneMinute: Int64 = 60_000

/// A timeline game starting `minutes` after 19:00Z on 2026-03-15.
func game(_ sessionGameID: Int64, gameID: Int64, title: String = "Game", pack: String = "Pack",
          minutes: Int64) -> VoteTimeline.Game {
    let milliseconds = nineteenHundred + minutes * oneMinute
    return VoteTimeline.Game(sessionGameID: sessionGameID, gameID: gameID, title: title, packName: pack,
                             playedAt: Timestamp.format(milliseconds: milliseconds),
                             playedAtMilliseconds: milliseconds)
}

/// `2026-03-15T19:MM:SSZ`-style text for `minutes` (and seconds) after 19:00Z, written out by hand
/// rather than through `Timestamp.format`.
func clockText(minutes: Int, seconds: Int = 0, suffix: String = "Z") -> String {
    let hour = 19 + minutes / 60, minute = minutes % 60
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "2026-03-15T\(two(hour)):\(two(minute)):\(two(seconds))\(suffix)"
}


/// The params of a `votes.list` call with this query string.
func listQuery(_ query: [(String, String)]) throws(APIError) -> LiveVotes.ListQuery {
    var object = JSONObject()
    for (name, value) in query { object.append(name, .string(value)) }
    return try LiveVotes.ListQuery(RequestParams(raw: ["query": .object(object)]))
}

/// Splits on "\n" bytes only (a Character split would keep "\r\n" whole).
func lines(_ text: String) -> [String] {
    text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
}
