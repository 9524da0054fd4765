import Contracts
import JSON
import ServiceSupport
import Storage

/// The picker's weighting, pure: a game's weight is its own favor factor
/// times its pack's, the factor being 3 for favor 1, 1 for favor 0 and 0.2
/// for favor −1. Kept as exact integers in units of 1/25 (each factor × 5:
/// 15, 5, 1), so the draw has no rounding and a seed always picks the same.
enum PickerWeighting {
    /// A favor's factor × 5 (an out-of-range favor counts as its sign).
    static func scaledFactor(favor: Int64) -> Int {
        favor > 0 ? 15 : favor < 0 ? 1 : 5
    }

    /// The documented factor: 3, 1 or 0.2.
    static func factor(favor: Int64) -> Double { Double(scaledFactor(favor: favor)) / 5 }

    /// Game factor × pack factor, × 25.
    static func scaledWeight(gameFavor: Int64, packFavor: Int64) -> Int {
        scaledFactor(favor: gameFavor) * scaledFactor(favor: packFavor)
    }

    /// Game factor × pack factor.
    static func weight(gameFavor: Int64, packFavor: Int64) -> Double {
        Double(scaledWeight(gameFavor: gameFavor, packFavor: packFavor)) / 25
    }

    /// The index drawn with probability weight / total; nil when the total
    /// is 0 (no candidates).
    static func choose<G: RandomNumberGenerator>(_ weights: [Int], using generator: inout G) -> Int? {
        let total = weights.reduce(0, +)
        guard total > 0 else { return nil }
        var remaining = Int.random(in: 0..<total, using: &generator)
        for (index, weight) in weights.enumerated() {
            if remaining < weight { return index }
            remaining -= weight
        }
        return nil
    }
}

/// SplitMix64: the seeded generator behind `POST /api/pick`'s `seed`, so
/// the same seed over the same pool picks the same game.
struct SplitMix64Generator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `POST /api/pick`'s body, validated. Every field is optional; JSON null
/// counts as absent.
struct PickRequest: Equatable, Sendable {
    enum Drawing: String, Sendable { case only, exclude }
    enum Length: String, Sendable { case short, medium, long }

    var playerCount: Int64?
    var drawing: Drawing?
    var length: Length?
    var familyFriendly: Bool?
    var sessionID: Int64?
    var excludePlayed = false
    var seed: Int64?

    init() {}

    init(body: JSONObject) throws {
        func invalid(_ name: String) -> APIError { APIError.badRequest("Invalid \(name)") }
        func present(_ name: String) -> JSONValue? {
            guard let value = body[name], !value.isNull else { return nil }
            return value
        }
        func bool(_ name: String) throws -> Bool? {
            guard let value = present(name) else { return nil }
            guard case .bool(let flag) = value else { throw invalid(name) }
            return flag
        }
        func int(_ name: String) throws -> Int64? {
            guard let value = present(name) else { return nil }
            guard case .int(let number) = value else { throw invalid(name) }
            return number
        }
        if let count = try int("playerCount") {
            guard count >= 1 else { throw invalid("playerCount") }
            playerCount = count
        }
        if let value = present("drawing") {
            guard let text = value.stringValue, let drawing = Drawing(rawValue: text) else { throw invalid("drawing") }
            self.drawing = drawing
        }
        if let value = present("length") {
            guard let text = value.stringValue, let length = Length(rawValue: text) else { throw invalid("length") }
            self.length = length
        }
        familyFriendly = try bool("familyFriendly")
        if let session = try int("sessionId") {
            guard session >= 1 else { throw invalid("sessionId") }
            sessionID = session
        }
        excludePlayed = try bool("excludePlayed") ?? false
        seed = try int("seed")
    }
}

/// `POST /api/pick`: a weighted random choice among the enabled games that
/// pass the filters, avoiding repeats within a session.
enum GamePicker {
    static let noMatchError = "No games match the current filters"
    /// Without `excludePlayed`, how many of the session's latest games are
    /// left out.
    static let recentGamesAvoided = 2

    struct Candidate: Equatable, Sendable {
        var id: Int64
        var weight: Int
    }

    /// The eligible games (id order) with their scaled weights.
    static func candidates(_ db: SQLiteConnection, _ request: PickRequest) throws -> [Candidate] {
        var conditions = ["g.enabled = 1"]
        var bindings: [SQLiteValue] = []
        if let count = request.playerCount {
            conditions.append("g.min_players <= ? AND g.max_players >= ?")
            bindings += [.integer(count), .integer(count)]
        }
        switch request.drawing {
        case nil: break
        case .only?: conditions.append("g.game_type = 'Drawing'")
        case .exclude?: conditions.append("(g.game_type IS NULL OR g.game_type != 'Drawing')")
        }
        switch request.length {
        case nil: break
        case .short?: conditions.append("(g.length_minutes IS NULL OR g.length_minutes <= 15)")
        case .medium?: conditions.append("g.length_minutes BETWEEN 16 AND 25")
        case .long?: conditions.append("g.length_minutes > 25")
        }
        if let familyFriendly = request.familyFriendly {
            conditions.append("g.family_friendly = ?")
            bindings.append(.integer(familyFriendly ? 1 : 0))
        }
        if let session = request.sessionID {
            if request.excludePlayed {
                conditions.append("g.id NOT IN (SELECT game_id FROM session_games WHERE session_id = ?)")
                bindings.append(.integer(session))
            } else {
                conditions.append("""
                    g.id NOT IN (SELECT game_id FROM session_games WHERE session_id = ?
                                 ORDER BY played_at DESC, id DESC LIMIT \(recentGamesAvoided))
                    """)
                bindings.append(.integer(session))
            }
        }
        let rows = try db.query("""
            SELECT g.id AS id, g.favor_bias AS game_favor, COALESCE(p.favor_bias, 0) AS pack_favor
            FROM games g LEFT JOIN packs p ON p.name = g.pack_name
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY g.id
            """, bindings)
        return rows.map {
            Candidate(id: $0.int("id") ?? 0,
                      weight: PickerWeighting.scaledWeight(gameFavor: $0.int("game_favor") ?? 0,
                                                           packFavor: $0.int("pack_favor") ?? 0))
        }
    }

    /// The answer `{"game","poolSize","totalEnabled"}`; `seed` (when the
    /// request has none) draws from the system generator.
    static func pick(_ db: SQLiteConnection, body: JSONObject) throws -> JSONValue {
        let request = try PickRequest(body: body)
        if let seed = request.seed {
            var generator = SplitMix64Generator(seed: UInt64(bitPattern: seed))
            return try pick(db, request, using: &generator)
        }
        var generator = SystemRandomNumberGenerator()
        return try pick(db, request, using: &generator)
    }

    static func pick<G: RandomNumberGenerator>(_ db: SQLiteConnection, _ request: PickRequest,
                                               using generator: inout G) throws -> JSONValue {
        if let session = request.sessionID,
           try db.query("SELECT 1 FROM sessions WHERE id = ?", [.integer(session)]).isEmpty {
            throw APIError.notFound("Session not found")
        }
        let pool = try candidates(db, request)
        guard let index = PickerWeighting.choose(pool.map(\.weight), using: &generator) else {
            throw APIError.notFound(noMatchError)
        }
        let total = try db.query("SELECT COUNT(*) AS n FROM games WHERE enabled = 1")[0].int("n") ?? 0
        return ["game": .object(try GamesCatalogue.get(db, id: pool[index].id)),
                "poolSize": .int(Int64(pool.count)), "totalEnabled": .int(total)]
    }
}
