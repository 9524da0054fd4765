import Contracts
import ServiceSupport

/// Longest accepted text fields, in Unicode code points (README "Limits").
/// They keep every reply far below the 16 MiB JSON-RPC frame: the whole
/// catalogue and a session with its games stay a few MiB at most.
enum FieldLimits {
    static let gameTitle = 200
    static let packName = 100
    static let gameType = 100
    static let sessionNotes = 10_000

    /// `text` when it has at most `limit` code points, else a 400 naming the field.
    static func check(_ text: String, _ field: String, limit: Int) throws -> String {
        guard text.unicodeScalars.count <= limit else {
            throw APIError.badRequest("\(field) must be at most \(limit) characters")
        }
        return text
    }
}
