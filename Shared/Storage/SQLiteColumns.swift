/// The column names of one result and a name → position table.
///
/// Built once per `query` and shared by every row of that result, so reading
/// a thousand rows costs one dictionary, not a thousand.
public final class SQLiteColumns: Sendable {
    public let names: [String]
    private let positions: [String: Int]

    init(names: [String]) {
        self.names = names
        // With duplicate names (`SELECT a.id, b.id`) the first one wins, as in
        // SQLite's own name lookup; alias the columns to reach the others.
        var positions: [String: Int] = [:]
        for (position, name) in names.enumerated() where positions[name] == nil {
            positions[name] = position
        }
        self.positions = positions
    }

    public func position(of name: String) -> Int? { positions[name] }
}
