import Glibc
import JSON
import Storage

/// Loads the real Jackbox catalogue (Resources/jackbox-games.json) into an
/// empty database on first start. A `meta` marker records that it ran, so
/// games an admin deletes later do not come back on the next start.
enum CatalogueSeed {
    static let marker = "catalogue_seeded"

    /// The catalogue embedded at build time (Package.swift `.embedInCode`),
    /// so no data file has to be installed next to the binary.
    static var bundled: [UInt8] { PackageResources.jackbox_games_json }

    /// Returns how many games were inserted (0 when already seeded).
    static func seedIfNeeded(_ db: SQLiteConnection, catalogue: [UInt8], now: String) throws -> Int {
        guard try db.query("SELECT 1 FROM meta WHERE key = ?", [.text(marker)]).isEmpty else { return 0 }
        guard let entries = try JSONValue.parse(catalogue).arrayValue else {
            throw SeedError(description: "the games catalogue is not a JSON array")
        }
        var inserted = 0
        for entry in entries {
            guard let pack = entry["pack_name"]?.stringValue, let title = entry["title"]?.stringValue,
                  let minimum = entry["min_players"]?.intValue, let maximum = entry["max_players"]?.intValue else {
                throw SeedError(description: "malformed catalogue entry: \(entry.jsonString)")
            }
            try db.run("""
                INSERT INTO games (pack_name, title, min_players, max_players, length_minutes, has_audience,
                                   family_friendly, game_type, secondary_type, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(pack), .text(title), .integer(minimum), .integer(maximum),
                      SQLiteValue(entry["length_minutes"]?.intValue), .integer(entry["has_audience"]?.intValue ?? 0),
                      .integer(entry["family_friendly"]?.intValue ?? 0), SQLiteValue(entry["game_type"]?.stringValue),
                      SQLiteValue(entry["secondary_type"]?.stringValue), .text(now)])
            inserted += 1
        }
        try db.run("INSERT INTO meta (key, value) VALUES (?, ?)", [.text(marker), .text(now)])
        return inserted
    }

    struct SeedError: Error, CustomStringConvertible {
        let description: String
    }
}
