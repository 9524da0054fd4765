import Contracts
import JSON
import ServiceSupport
import Storage

/// Packs: the distinct `pack_name` values of the games (a pack exists while
/// it has a game), each with a favor in `packs` (no row: favor 0). Toggling
/// a pack sets `enabled` on all of its games.
enum PacksDomain {
    typealias Outcome = SessionsDomain.Outcome

    static let notFoundError = "Pack not found"

    /// `GET /api/games/packs`: `[{"name","favor_bias","enabled_games","total_games"}]` by name.
    static func list(_ db: SQLiteConnection) throws -> JSONValue {
        try db.query("""
            SELECT g.pack_name AS name, COALESCE(p.favor_bias, 0) AS favor_bias,
                   SUM(g.enabled) AS enabled_games, COUNT(*) AS total_games
            FROM games g LEFT JOIN packs p ON p.name = g.pack_name
            GROUP BY g.pack_name ORDER BY g.pack_name
            """).jsonArray
    }

    /// `GET /api/games/meta/packs`: `[{"name","total_games","enabled_games","total_plays","favor_bias"}]` by name.
    static func meta(_ db: SQLiteConnection) throws -> JSONValue {
        try db.query("""
            SELECT g.pack_name AS name, COUNT(*) AS total_games, SUM(g.enabled) AS enabled_games,
                   SUM(g.play_count) AS total_plays, COALESCE(p.favor_bias, 0) AS favor_bias
            FROM games g LEFT JOIN packs p ON p.name = g.pack_name
            GROUP BY g.pack_name ORDER BY g.pack_name
            """).jsonArray
    }

    static func exists(_ db: SQLiteConnection, name: String) throws -> Bool {
        try !db.query("SELECT 1 FROM games WHERE pack_name = ? LIMIT 1", [.text(name)]).isEmpty
    }

    /// `PATCH /api/games/packs/{name}/toggle` with `{"enabled": bool}`.
    static func toggle(_ db: SQLiteConnection, name: String, body: JSONObject) throws -> Outcome {
        guard try exists(db, name: name) else { throw APIError.notFound(notFoundError) }
        guard case .bool(let enabled)? = body["enabled"] else { throw APIError.badRequest("enabled must be a boolean") }
        let updated = try db.run("UPDATE games SET enabled = ? WHERE pack_name = ?",
                                 [.integer(enabled ? 1 : 0), .text(name)])
        return Outcome(body: ["message": "Pack updated", "pack": .string(name), "enabled": .bool(enabled),
                              "games_updated": .int(Int64(updated))])
    }

    /// `PATCH /api/games/packs/{name}/favor` with `{"favor_bias": -1|0|1}`.
    static func setFavor(_ db: SQLiteConnection, name: String, body: JSONObject) throws -> Outcome {
        guard try exists(db, name: name) else { throw APIError.notFound(notFoundError) }
        let bias = try GamesCatalogue.favor(from: body)
        try db.run("""
            INSERT INTO packs (name, favor_bias) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET favor_bias = excluded.favor_bias
            """, [.text(name), .integer(bias)])
        return Outcome(body: ["message": "Pack favor updated", "pack": .string(name), "favor_bias": .int(bias)])
    }
}
