import Contracts
import JSON
import ServiceSupport
import Storage

/// The games catalogue (platform-api.md "Games catalogue"): listing with
/// filters, CRUD, and the enable toggle.
enum GamesCatalogue {
    typealias Outcome = SessionsDomain.Outcome

    static let columns = """
        SELECT id, pack_name, title, min_players, max_players, length_minutes, has_audience, family_friendly,
               game_type, secondary_type, play_count, popularity_score, upvotes, downvotes, enabled, favor_bias,
               created_at, ticker
        FROM games
        """

    static let requiredFieldsError = "Missing required fields: pack_name, title, min_players, max_players"
    static let playerRangeError = "min_players and max_players must be positive integers with min_players <= max_players"

    /// `GET /api/games` filters, each translated to a bound SQL condition.
    static func list(_ db: SQLiteConnection, query: (String) -> String?) throws -> JSONValue {
        var conditions: [String] = []
        var bindings: [SQLiteValue] = []
        func invalid(_ name: String) -> APIError { APIError.badRequest("Invalid query parameter: \(name)") }
        func flag(_ name: String) throws -> Int64? {
            switch query(name) {
            case nil: return nil
            case "true"?, "1"?: return 1
            case "false"?, "0"?: return 0
            default: throw invalid(name)
            }
        }
        if let enabled = try flag("enabled") {
            conditions.append("enabled = ?")
            bindings.append(.integer(enabled))
        }
        if let familyFriendly = try flag("familyFriendly") {
            conditions.append("family_friendly = ?")
            bindings.append(.integer(familyFriendly))
        }
        if let raw = query("playerCount") {
            guard let count = Int64(raw), count >= 0 else { throw invalid("playerCount") }
            conditions.append("min_players <= ? AND max_players >= ?")
            bindings += [.integer(count), .integer(count)]
        }
        switch query("drawing") {
        case nil: break
        case "only"?: conditions.append("game_type = 'Drawing'")
        case "exclude"?: conditions.append("(game_type IS NULL OR game_type != 'Drawing')")
        default: throw invalid("drawing")
        }
        switch query("length") {
        case nil: break
        case "short"?: conditions.append("(length_minutes IS NULL OR length_minutes <= 15)")
        case "medium"?: conditions.append("length_minutes BETWEEN 16 AND 25")
        case "long"?: conditions.append("length_minutes > 25")
        default: throw invalid("length")
        }
        if let pack = query("pack") {
            conditions.append("pack_name = ?")
            bindings.append(.text(pack))
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try db.query(columns + whereClause + " ORDER BY pack_name, title, id", bindings).jsonArray
    }

    static func get(_ db: SQLiteConnection, id: Int64) throws -> JSONObject {
        guard let row = try db.query(columns + " WHERE id = ?", [.integer(id)]).first else {
            throw APIError.notFound("Game not found")
        }
        return row.jsonObject
    }

    /// The writable fields, validated; `partial` allows absent ones (PUT).
    private struct Fields {
        var values: [(column: String, value: SQLiteValue)] = []
    }

    private static func fields(from body: JSONObject, partial: Bool) throws -> Fields {
        var fields = Fields()
        for name in ["pack_name", "title"] {
            switch body[name] {
            case .string(let text)? where !text.isEmpty:
                let limit = name == "title" ? FieldLimits.gameTitle : FieldLimits.packName
                fields.values.append((name, .text(try FieldLimits.check(text, name, limit: limit))))
            case nil where partial: break
            default: throw APIError.badRequest(requiredFieldsError)
            }
        }
        for name in ["min_players", "max_players"] {
            switch body[name] {
            case .int(let count)?: fields.values.append((name, .integer(count)))
            case nil where partial: break
            case nil, .null?: throw APIError.badRequest(requiredFieldsError)
            default: throw APIError.badRequest(playerRangeError)
            }
        }
        for name in ["length_minutes"] {
            switch body[name] {
            case nil: break
            case .null?: fields.values.append((name, .null))
            case .int(let minutes)? where minutes > 0: fields.values.append((name, .integer(minutes)))
            default: throw APIError.badRequest("\(name) must be a positive integer or null")
            }
        }
        for name in ["has_audience", "family_friendly", "enabled"] {
            switch body[name] {
            case nil: break
            case .bool(let flag)?: fields.values.append((name, .integer(flag ? 1 : 0)))
            case .int(let flag)? where flag == 0 || flag == 1: fields.values.append((name, .integer(flag)))
            default: throw APIError.badRequest("\(name) must be a boolean")
            }
        }
        for name in ["game_type", "secondary_type"] {
            switch body[name] {
            case nil: break
            case .null?: fields.values.append((name, .null))
            case .string(let text)?:
                fields.values.append((name, .text(try FieldLimits.check(text, name, limit: FieldLimits.gameType))))
            default: throw APIError.badRequest("\(name) must be a string or null")
            }
        }
        switch body["favor_bias"] {
        case nil: break
        case .int(let bias)? where favorValues.contains(bias): fields.values.append(("favor_bias", .integer(bias)))
        default: throw APIError.badRequest(favorError)
        }
        if let ticker = try CatalogueTickers.field(body["ticker"]) { fields.values.append(("ticker", ticker)) }
        return fields
    }

    static let favorValues: ClosedRange<Int64> = -1...1
    static let favorError = "favor_bias must be -1, 0 or 1"

    /// A `{"favor_bias": -1|0|1}` body's value.
    static func favor(from body: JSONObject) throws -> Int64 {
        guard let bias = body.strictInt("favor_bias"), favorValues.contains(bias) else {
            throw APIError.badRequest(favorError)
        }
        return bias
    }

    /// `PATCH /api/games/{id}/favor` → the game row.
    static func setFavor(_ db: SQLiteConnection, id: Int64, body: JSONObject) throws -> Outcome {
        _ = try get(db, id: id)
        let bias = try favor(from: body)
        try db.run("UPDATE games SET favor_bias = ? WHERE id = ?", [.integer(bias), .integer(id)])
        return Outcome(body: .object(try get(db, id: id)))
    }

    private static func checkTicker(_ db: SQLiteConnection, _ fields: Fields, id: Int64) throws {
        if case .text(let ticker)? = fields.values.first(where: { $0.column == "ticker" })?.value {
            try CatalogueTickers.checkFree(db, ticker: ticker, exceptGame: id)
        }
    }

    private static func checkPlayerRange(_ db: SQLiteConnection, id: Int64) throws {
        let row = try db.query("SELECT min_players, max_players FROM games WHERE id = ?", [.integer(id)])[0]
        let minimum = row.int("min_players") ?? 0
        let maximum = row.int("max_players") ?? 0
        guard minimum >= 1, minimum <= maximum else { throw APIError.badRequest(playerRangeError) }
    }

    static func create(_ db: SQLiteConnection, body: JSONObject, now: String) throws -> Outcome {
        let fields = try fields(from: body, partial: false)
        try checkTicker(db, fields, id: 0)
        let columns = fields.values.map(\.column) + ["created_at"]
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try db.run("INSERT INTO games (\(columns.joined(separator: ", "))) VALUES (\(placeholders))",
                   fields.values.map(\.value) + [.text(now)])
        let id = db.lastInsertRowID
        try checkPlayerRange(db, id: id)
        return Outcome(body: .object(try get(db, id: id)))
    }

    static func update(_ db: SQLiteConnection, id: Int64, body: JSONObject) throws -> Outcome {
        _ = try get(db, id: id)
        let fields = try fields(from: body, partial: true)
        try checkTicker(db, fields, id: id)
        if !fields.values.isEmpty {
            let assignments = fields.values.map { "\($0.column) = ?" }.joined(separator: ", ")
            try db.run("UPDATE games SET \(assignments) WHERE id = ?", fields.values.map(\.value) + [.integer(id)])
            try checkPlayerRange(db, id: id)
        }
        return Outcome(body: .object(try get(db, id: id)))
    }

    static func delete(_ db: SQLiteConnection, id: Int64) throws -> Outcome {
        _ = try get(db, id: id)
        guard try db.query("SELECT 1 FROM session_games WHERE game_id = ? LIMIT 1", [.integer(id)]).isEmpty else {
            throw APIError(409, "Cannot delete a game that has been played in a session")
        }
        try db.run("DELETE FROM games WHERE id = ?", [.integer(id)])
        return Outcome(body: ["message": "Game deleted successfully"])
    }

    static func toggle(_ db: SQLiteConnection, id: Int64) throws -> Outcome {
        _ = try get(db, id: id)
        try db.run("UPDATE games SET enabled = 1 - enabled WHERE id = ?", [.integer(id)])
        return Outcome(body: .object(try get(db, id: id)))
    }
}
