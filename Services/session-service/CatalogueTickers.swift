import Contracts
import JSON
import Storage

/// Game tickers: short symbols (1–8 characters A–Z, 0–9), unique when set.
///
/// The built-in catalogue's tickers are derived from the titles, in the
/// order of Resources/jackbox-games.json, by this rule:
///
/// 1. The title is split into words at spaces; each word keeps only its
///    ASCII letters and digits, upper-cased (`Don't` → `DONT`, `K.O.` → `KO`).
/// 2. Words of digits only are the number part, joined (`Quiplash 3` → `3`),
///    at most 4 digits.
/// 3. The other words, without `THE`, `AND`, `OF`, `A` (unless nothing else
///    is left), give the letters: one word → its skeleton, i.e. its first
///    letter then its consonants (no vowel, no letter repeated right after
///    itself), 3 at most (`Quiplash` → `QPL`); several words → their
///    initials, 5 at most, topped up to 3 with the last word's skeleton
///    (`Trivia Murder Party` → `TMP`, `Fakin' It` → `FIT`).
/// 4. Ticker = letters (cut so the whole fits 8) + number part:
///    `Quiplash 3` → `QPL3`, `You Don't Know Jack 2015` → `YDKJ2015`.
/// 5. A ticker already given to an earlier game gets its first 7
///    characters plus `B`, else `C`, … (`Quiplash 3` in The Jackbox Party
///    Starter → `QPL3B`).
///
/// Existing databases get the same tickers at start-up (`assignIfNeeded`):
/// once, for the built-in games (matched by pack name and title) that have
/// none, unless an admin already gave that symbol to another game.
enum CatalogueTickers {
    static let marker = "catalogue_tickers_assigned"
    static let maxLength = 8
    static let invalidError = "ticker must be 1-8 characters A-Z or 0-9"
    static let inUseError = "Ticker already in use"

    /// A valid ticker: 1–8 characters A–Z or 0–9.
    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return (1...maxLength).contains(bytes.count)
            && bytes.allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }
    }

    /// The ticker of one title before collisions are resolved (rules 1–4).
    static func base(title: String) -> String {
        let words = title.split(separator: " ").map { word in
            String(String.UnicodeScalarView(word.unicodeScalars.filter {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
            })).uppercased()
        }.filter { !$0.isEmpty }
        let digits = String(words.filter { $0.allSatisfy(\.isNumber) }.joined().prefix(4))
        var letterWords = words.filter { !$0.allSatisfy(\.isNumber) }
        let stopWords: Set<String> = ["THE", "AND", "OF", "A"]
        if letterWords.contains(where: { !stopWords.contains($0) }) {
            letterWords.removeAll { stopWords.contains($0) }
        }
        var letters = ""
        if letterWords.count == 1 {
            letters = String(skeleton(letterWords[0]).prefix(3))
        } else if let last = letterWords.last {
            letters = String(letterWords.prefix(5).compactMap(\.first))
            for character in skeleton(last).dropFirst() where letters.count < 3 { letters.append(character) }
        }
        if letters.isEmpty && digits.isEmpty { letters = "G" }
        return String(letters.prefix(maxLength - digits.count)) + digits
    }

    /// First letter, then the consonants, no letter twice in a row.
    static func skeleton(_ word: String) -> String {
        var result = ""
        for (index, character) in word.enumerated() {
            if index > 0 && "AEIOU".contains(character) { continue }
            if result.last == character { continue }
            result.append(character)
        }
        return result
    }

    /// The tickers of `titles` in order, unique (rule 5).
    static func derive(titles: [String]) -> [String] {
        var used = Set<String>()
        var tickers: [String] = []
        for title in titles {
            let base = base(title: title)
            var ticker = base
            if used.contains(ticker) {
                let stem = String(base.prefix(maxLength - 1))
                ticker = "BCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".lazy.map { stem + String($0) }
                    .first { !used.contains($0) } ?? base
            }
            used.insert(ticker)
            tickers.append(ticker)
        }
        return tickers
    }

    /// The built-in games as (pack name, title, ticker), in file order.
    static func builtIn(catalogue: [UInt8]) throws -> [(pack: String, title: String, ticker: String)] {
        guard let entries = try JSONValue.parse(catalogue).arrayValue else { return [] }
        let pairs = entries.compactMap { entry -> (String, String)? in
            guard let pack = entry["pack_name"]?.stringValue, let title = entry["title"]?.stringValue else { return nil }
            return (pack, title)
        }
        let tickers = derive(titles: pairs.map(\.1))
        return zip(pairs, tickers).map { (pack: $0.0, title: $0.1, ticker: $1) }
    }

    /// Gives the built-in games without a ticker theirs, once per database;
    /// returns how many were set.
    static func assignIfNeeded(_ db: SQLiteConnection, catalogue: [UInt8], now: String) throws -> Int {
        guard try db.query("SELECT 1 FROM meta WHERE key = ?", [.text(marker)]).isEmpty else { return 0 }
        var assigned = 0
        for game in try builtIn(catalogue: catalogue) {
            guard try db.query("SELECT 1 FROM games WHERE ticker = ?", [.text(game.ticker)]).isEmpty else { continue }
            assigned += try db.run("""
                UPDATE games SET ticker = ?
                WHERE id = (SELECT MIN(id) FROM games WHERE pack_name = ? AND title = ?) AND ticker IS NULL
                """, [.text(game.ticker), .text(game.pack), .text(game.title)])
        }
        try db.run("INSERT INTO meta (key, value) VALUES (?, ?)", [.text(marker), .text(now)])
        return assigned
    }

    /// The ticker member of a game body: nil when absent, `.null` to clear.
    static func field(_ value: JSONValue?) throws -> SQLiteValue? {
        switch value {
        case nil: return nil
        case .null?: return .null
        case .string(let text)? where isValid(text): return .text(text)
        default: throw APIError.badRequest(invalidError)
        }
    }

    /// 409 when another game than `id` (0: none) has `ticker`.
    static func checkFree(_ db: SQLiteConnection, ticker: String, exceptGame id: Int64) throws {
        guard try db.query("SELECT 1 FROM games WHERE ticker = ? AND id != ?", [.text(ticker), .integer(id)]).isEmpty
        else { throw APIError(409, inUseError) }
    }
}
