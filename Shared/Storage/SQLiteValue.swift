/// One SQLite value, exactly the five storage classes SQLite has.
///
/// Every value that reaches SQL goes through this type and is bound with
/// `sqlite3_bind_*`; nothing is ever spliced into SQL text, so a value can
/// never change the meaning of a statement.
public enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

// Optional initialisers: a Swift `nil` is SQL NULL, which is what a nullable
// column means. They save every call site a `map { .text($0) } ?? .null`.
extension SQLiteValue {
    public init(_ value: Int?) {
        self = value.map { .integer(Int64($0)) } ?? .null
    }

    public init(_ value: Int64?) {
        self = value.map { .integer($0) } ?? .null
    }

    public init(_ value: Double?) {
        self = value.map { .real($0) } ?? .null
    }

    public init(_ value: String?) {
        self = value.map { .text($0) } ?? .null
    }

    /// SQLite has no boolean type; `true`/`false` are stored as 1/0, the same
    /// convention SQLite's own `TRUE`/`FALSE` keywords use.
    public init(_ value: Bool?) {
        self = value.map { .integer($0 ? 1 : 0) } ?? .null
    }

    public init(_ value: [UInt8]?) {
        self = value.map { .blob($0) } ?? .null
    }
}

// Literals let bindings read like the SQL they fill: `["alice", 42, nil]`.
extension SQLiteValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension SQLiteValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .real(value) }
}

extension SQLiteValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
}

extension SQLiteValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
}

extension SQLiteValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}
