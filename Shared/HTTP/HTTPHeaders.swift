/// An ordered list of header fields (RFC 9110 §5).
///
/// Order and duplicates are kept exactly as received or added: field order
/// matters for repeated fields (RFC 9110 §5.3) and `Set-Cookie` must never be
/// combined. Field names compare case-insensitively (RFC 9110 §5.1); values
/// are kept verbatim with surrounding whitespace already trimmed by the parser
/// (RFC 9112 §5.1). Lookups are linear scans, which beat hashing for the
/// dozen fields a request carries.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Field = (name: String, value: String)

    /// The fields in order.
    public private(set) var fields: [Field]

    public init() { fields = [] }

    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    init(reservingCapacity capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The first value of the field called `name`, case-insensitively.
    public subscript(name: String) -> String? {
        for field in fields where ASCII.caseInsensitiveEquals(field.name, name) { return field.value }
        return nil
    }

    /// Every value of the field called `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { ASCII.caseInsensitiveEquals($0.name, name) }.map(\.value)
    }

    /// Whether at least one field is called `name`.
    public func contains(name: String) -> Bool {
        fields.contains { ASCII.caseInsensitiveEquals($0.name, name) }
    }

    /// Appends a field, keeping any existing ones with the same name.
    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces the first field called `name` in place and removes any later
    /// ones; appends when there is none.
    public mutating func replaceOrAdd(name: String, value: String) {
        guard let first = fields.firstIndex(where: { ASCII.caseInsensitiveEquals($0.name, name) }) else {
            add(name: name, value: value)
            return
        }
        fields[first] = (name: name, value: value)
        var index = fields.count - 1
        while index > first {
            if ASCII.caseInsensitiveEquals(fields[index].name, name) { fields.remove(at: index) }
            index -= 1
        }
    }

    /// Removes every field called `name`.
    public mutating func remove(name: String) {
        fields.removeAll { ASCII.caseInsensitiveEquals($0.name, name) }
    }

    /// Whether any field called `name` lists `token` in its comma-separated
    /// value, case-insensitively (RFC 9110 §5.6.1 list syntax; used for
    /// `Connection: keep-alive, Upgrade`, `Upgrade: websocket` and the like).
    /// Empty list elements and optional whitespace around commas are ignored.
    public func contains(token: String, in name: String) -> Bool {
        for field in fields where ASCII.caseInsensitiveEquals(field.name, name) {
            if HTTPHeaders.list(field.value, contains: token) { return true }
        }
        return false
    }

    /// Whether the comma-separated list `value` has an element equal to
    /// `token`, case-insensitively.
    static func list(_ value: String, contains token: String) -> Bool {
        var token = token
        return token.withUTF8 { tokenBytes in
            var value = value
            return value.withUTF8 { bytes in
                var index = 0
                while index < bytes.count {
                    var start = index
                    while index < bytes.count, bytes[index] != ASCII.comma { index += 1 }
                    var end = index
                    index += 1
                    while start < end, ASCII.isWhitespace(bytes[start]) { start += 1 }
                    while end > start, ASCII.isWhitespace(bytes[end - 1]) { end -= 1 }
                    guard end > start, end - start == tokenBytes.count else { continue }
                    var equal = true
                    for offset in 0..<tokenBytes.count
                    where ASCII.lowercased(bytes[start + offset]) != ASCII.lowercased(tokenBytes[offset]) {
                        equal = false
                        break
                    }
                    if equal { return true }
                }
                return false
            }
        }
    }

    /// Same fields in the same order; names compare case-insensitively,
    /// values exactly.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        guard lhs.fields.count == rhs.fields.count else { return false }
        for (a, b) in zip(lhs.fields, rhs.fields)
        where a.value != b.value || !ASCII.caseInsensitiveEquals(a.name, b.name) {
            return false
        }
        return true
    }
}
