import CSV
import Contracts
import JSON
import ServiceSupport
import Storage

/// The catalogue as RFC 4180 CSV: `GET /api/games/export/csv` and
/// `POST /api/games/import/csv`.
///
/// Export writes `header`, then one record per game ordered by pack name,
/// title and id: integers in decimal, flags 0/1, NULL as an empty field.
/// Import reads what export writes (and spreadsheets: BOM, CRLF or LF,
/// quoted fields), all or nothing: every row is validated first, and any
/// error answers 400 with every error and its line, changing nothing.
///
/// A row is identified by pack_name + title. `append` updates the game so
/// identified (the lowest id, should there be several) or inserts one;
/// `replace` does the same and then deletes every other game, except those
/// a session refers to, which are kept and counted as `kept`. A column left
/// out of the file leaves that field of an updated game as it is (an
/// inserted game gets the column's default); `pack_name`, `title`,
/// `min_players` and `max_players` are required columns.
enum CatalogueCSV {
    static let header = ["pack_name", "title", "min_players", "max_players", "length_minutes", "has_audience",
                         "family_friendly", "game_type", "secondary_type", "ticker", "enabled", "favor_bias"]
    static let requiredColumns: Set<String> = ["pack_name", "title", "min_players", "max_players"]
    static let contentType = "text/csv; charset=utf-8"
    static let filename = "games.csv"
    static let failedError = "Import failed"

    // MARK: export

    static func export(_ db: SQLiteConnection) throws -> JSONValue {
        var text = CSVWriter.record(header)
        let rows = try db.query("SELECT \(header.joined(separator: ", ")) FROM games ORDER BY pack_name, title, id")
        for row in rows {
            text += CSVWriter.record(row.values.map { value in
                switch value {
                case .null: return ""
                case .integer(let number): return String(number)
                case .real(let number): return String(number)
                case .text(let text): return text
                case .blob(let bytes): return String(decoding: bytes, as: UTF8.self)
                }
            })
        }
        return ["contentType": .string(contentType), "filename": .string(filename), "body": .string(text)]
    }

    // MARK: parsing and validation (pure)

    enum Mode: String, Sendable { case append, replace }

    struct RowError: Error, Equatable, Sendable {
        var line: Int
        var error: String
    }

    /// One valid data row: its identity and the values of the columns the
    /// file has (besides pack_name and title), in header order.
    struct Row: Equatable, Sendable {
        var line: Int
        var pack: String
        var title: String
        var values: [Column]
    }

    struct Column: Equatable, Sendable {
        var name: String
        var value: SQLiteValue
    }

    struct Parsed: Equatable, Sendable {
        var columns: [String]
        var rows: [Row]
    }

    /// The file's rows, or every error found.
    static func parse(_ csv: String) -> Result<Parsed, Failure> {
        let records: [CSVRecord]
        do {
            records = try CSVParser.parse(Array(csv.utf8))
        } catch {
            return .failure(Failure([RowError(line: error.line, error: error.message)]))
        }
        guard let head = records.first else {
            return .failure(Failure([RowError(line: 1, error: "The file has no header row")]))
        }
        var errors: [RowError] = []
        var seen = Set<String>()
        for name in head.fields {
            if !header.contains(name) {
                errors.append(RowError(line: head.line, error: "Unknown column: \(name)"))
            } else if !seen.insert(name).inserted {
                errors.append(RowError(line: head.line, error: "Duplicate column: \(name)"))
            }
        }
        for name in header where requiredColumns.contains(name) && !seen.contains(name) {
            errors.append(RowError(line: head.line, error: "Missing column: \(name)"))
        }
        guard errors.isEmpty else { return .failure(Failure(errors)) }

        var rows: [Row] = []
        var identities: [String: Int] = [:]
        var tickers: [String: Int] = [:]
        for record in records.dropFirst() {
            switch validate(record, columns: head.fields) {
            case .failure(let error):
                errors.append(error)
            case .success(let row):
                let identity = row.pack + "\u{0}" + row.title
                if let first = identities[identity] {
                    errors.append(RowError(line: row.line,
                                           error: "Duplicate pack_name and title (first on line \(first))"))
                    continue
                }
                identities[identity] = row.line
                if case .text(let ticker)? = row.values.first(where: { $0.name == "ticker" })?.value {
                    if let first = tickers[ticker] {
                        errors.append(RowError(line: row.line,
                                               error: "\(CatalogueTickers.inUseError): \(ticker) (line \(first))"))
                        continue
                    }
                    tickers[ticker] = row.line
                }
                rows.append(row)
            }
        }
        return errors.isEmpty ? .success(Parsed(columns: head.fields, rows: rows)) : .failure(Failure(errors))
    }

    /// One data record's values, checked.
    static func validate(_ record: CSVRecord, columns: [String]) -> Result<Row, RowError> {
        func fail(_ message: String) -> Result<Row, RowError> { .failure(RowError(line: record.line, error: message)) }
        guard record.fields.count == columns.count else {
            return fail("Expected \(columns.count) fields, found \(record.fields.count)")
        }
        var pack = ""
        var title = ""
        var values: [Column] = []
        var minimum: Int64 = 0
        var maximum: Int64 = 0
        for (name, text) in zip(columns, record.fields) {
            switch name {
            case "pack_name", "title":
                guard !text.isEmpty else { return fail("\(name) is required") }
                if name == "pack_name" { pack = text } else { title = text }
            case "min_players", "max_players":
                guard let count = integer(text), count >= 1 else { return fail("\(name) must be a positive integer") }
                if name == "min_players" { minimum = count } else { maximum = count }
                values.append(Column(name: name, value: .integer(count)))
            case "length_minutes":
                if text.isEmpty {
                    values.append(Column(name: name, value: .null))
                } else {
                    guard let minutes = integer(text), minutes >= 1 else {
                        return fail("length_minutes must be a positive integer or empty")
                    }
                    values.append(Column(name: name, value: .integer(minutes)))
                }
            case "has_audience", "family_friendly", "enabled":
                guard let flag = flag(text) else { return fail("\(name) must be 0, 1, true or false") }
                values.append(Column(name: name, value: .integer(flag)))
            case "game_type", "secondary_type":
                values.append(Column(name: name, value: text.isEmpty ? .null : .text(text)))
            case "ticker":
                guard text.isEmpty || CatalogueTickers.isValid(text) else { return fail(CatalogueTickers.invalidError) }
                values.append(Column(name: name, value: text.isEmpty ? .null : .text(text)))
            case "favor_bias":
                guard let bias = integer(text), GamesCatalogue.favorValues.contains(bias) else {
                    return fail(GamesCatalogue.favorError)
                }
                values.append(Column(name: name, value: .integer(bias)))
            default:
                return fail("Unknown column: \(name)")
            }
        }
        guard minimum <= maximum else { return fail("min_players must not be greater than max_players") }
        return .success(Row(line: record.line, pack: pack, title: title, values: values))
    }

    /// A decimal integer: an optional `-`, then digits only.
    static func integer(_ text: String) -> Int64? {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int64(text)
    }

    static func flag(_ text: String) -> Int64? {
        switch text.lowercased() {
        case "1", "true": return 1
        case "0", "false": return 0
        default: return nil
        }
    }

    /// Every error of a refused import.
    struct Failure: Error, Equatable, Sendable {
        var errors: [RowError]
        init(_ errors: [RowError]) { self.errors = errors }

        var apiError: APIError {
            APIError(400, CatalogueCSV.failedError, extra: [
                "errors": .array(errors.map { ["line": .int(Int64($0.line)), "error": .string($0.error)] }),
            ])
        }
    }

    // MARK: import

    /// `{"csvData": "…", "mode": "append"|"replace"}` →
    /// `{"message","inserted","updated","kept","errors":[]}`.
    static func importCSV(_ db: SQLiteConnection, body: JSONObject, now: String) throws -> SessionsDomain.Outcome {
        guard case .string(let csv)? = body["csvData"] else { throw APIError.badRequest("csvData must be a string") }
        let mode: Mode
        switch body["mode"] {
        case nil, .null?: mode = .append
        case .string(let text)?:
            guard let chosen = Mode(rawValue: text) else { throw APIError.badRequest("mode must be append or replace") }
            mode = chosen
        default: throw APIError.badRequest("mode must be append or replace")
        }
        let parsed: Parsed
        switch parse(csv) {
        case .success(let value): parsed = value
        case .failure(let failure): throw failure.apiError
        }
        return SessionsDomain.Outcome(body: .object(try apply(db, parsed, mode: mode, now: now)))
    }

    struct Existing {
        var id: Int64
        var ticker: String?
        var referenced: Bool
    }

    /// Applies valid rows in the caller's transaction (after a last check:
    /// tickers against the games that stay as they are).
    static func apply(_ db: SQLiteConnection, _ parsed: Parsed, mode: Mode, now: String) throws -> JSONObject {
        var byIdentity: [String: Existing] = [:]
        var existing: [Existing] = []
        for row in try db.query("""
            SELECT id, pack_name, title, ticker,
                   EXISTS (SELECT 1 FROM session_games s WHERE s.game_id = games.id) AS referenced
            FROM games ORDER BY id
            """) {
            let game = Existing(id: row.int("id") ?? 0, ticker: row.string("ticker"),
                                referenced: row.int("referenced") == 1)
            existing.append(game)
            let identity = (row.string("pack_name") ?? "") + "\u{0}" + (row.string("title") ?? "")
            if byIdentity[identity] == nil { byIdentity[identity] = game }
        }
        let matched = parsed.rows.map { byIdentity[$0.pack + "\u{0}" + $0.title]?.id }
        let matchedIDs = Set(matched.compactMap { $0 })
        let unmatched = existing.filter { !matchedIDs.contains($0.id) }
        let staying = mode == .append ? unmatched : unmatched.filter(\.referenced)
        let removed = mode == .append ? [] : unmatched.filter { !$0.referenced }

        let hasTickers = parsed.columns.contains("ticker")
        if hasTickers {
            let taken = Set(staying.compactMap(\.ticker))
            let errors = parsed.rows.compactMap { row -> RowError? in
                guard case .text(let ticker)? = row.values.first(where: { $0.name == "ticker" })?.value,
                      taken.contains(ticker) else { return nil }
                return RowError(line: row.line, error: "\(CatalogueTickers.inUseError): \(ticker)")
            }
            if !errors.isEmpty { throw Failure(errors).apiError }
        }

        for game in removed { try db.run("DELETE FROM games WHERE id = ?", [.integer(game.id)]) }
        if hasTickers {
            for id in matchedIDs { try db.run("UPDATE games SET ticker = NULL WHERE id = ?", [.integer(id)]) }
        }
        var inserted = 0
        var updated = 0
        for (row, id) in zip(parsed.rows, matched) {
            if let id {
                if !row.values.isEmpty {
                    let assignments = row.values.map { "\($0.name) = ?" }.joined(separator: ", ")
                    try db.run("UPDATE games SET \(assignments) WHERE id = ?", row.values.map(\.value) + [.integer(id)])
                }
                updated += 1
            } else {
                let columns = ["pack_name", "title"] + row.values.map(\.name) + ["created_at"]
                let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
                try db.run("INSERT INTO games (\(columns.joined(separator: ", "))) VALUES (\(placeholders))",
                           [.text(row.pack), .text(row.title)] + row.values.map(\.value) + [.text(now)])
                inserted += 1
            }
        }
        return ["message": "Import complete", "inserted": .int(Int64(inserted)), "updated": .int(Int64(updated)),
                "kept": .int(Int64(mode == .replace ? staying.count : 0)), "errors": .array([])]
    }
}
