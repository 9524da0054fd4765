/// An ordered list of header fields (RFC 9110 §5).
///
/// Order and duplicates are kept exactly as received or added: field order
/// matters for repeated fields (RFC 9110 §5.3) and `Set-Cookie` must never be
/// combined. Field names compare case-insensitively (RFC 9110 §5.1); values
/// are kept verbatim with surrounding whitespace already trimmed by the parser
/// (RFC 9112 §5.1).
///
/// Storage is one byte array plus one array of offsets, so the parser copies
/// a request's fields with two allocations and no `String` is built until a
/// name or value is asked for. Lookups are linear scans comparing bytes,
/// which beat hashing for the dozen fields a request carries.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Field = (name: String, value: String)

    /// Where one field's name and value sit in `bytes`.
    struct Entry: Sendable {
        var nameStart: Int32
        var nameEnd: Int32
        var valueStart: Int32
        var valueEnd: Int32
    }

    /// Names and values back to back; entries point into it. Bytes of
    /// removed or replaced fields stay until they outweigh the live ones.
    private(set) var bytes: [UInt8]
    private(set) var entries: [Entry]

    public init() {
        bytes = []
        entries = []
    }

    public init(_ fields: [(String, String)]) {
        self.init()
        for (name, value) in fields { add(name: name, value: value) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// Headers over bytes the parser copied in one piece (the field section
    /// of a request); `entries` point into them.
    init(bytes: [UInt8], entries: [Entry]) {
        self.bytes = bytes
        self.entries = entries
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// The fields in order, as strings.
    public var fields: [Field] { map { $0 } }

    public func makeIterator() -> Iterator { Iterator(headers: self) }

    public struct Iterator: IteratorProtocol {
        let headers: HTTPHeaders
        var position = 0

        public mutating func next() -> Field? {
            guard position < headers.entries.count else { return nil }
            defer { position += 1 }
            return (headers.name(at: position), headers.value(at: position))
        }
    }

    /// The name of the field at `position` (bytes that are not UTF-8 read as
    /// U+FFFD).
    public func name(at position: Int) -> String {
        let entry = entries[position]
        return string(Int(entry.nameStart), Int(entry.nameEnd))
    }

    /// The value of the field at `position` (obs-text that is not UTF-8
    /// reads as U+FFFD).
    public func value(at position: Int) -> String {
        let entry = entries[position]
        return string(Int(entry.valueStart), Int(entry.valueEnd))
    }

    /// The first value of the field called `name`, case-insensitively.
    public subscript(name: String) -> String? {
        firstIndex(of: name).map(value(at:))
    }

    /// Every value of the field called `name`, in order.
    public func values(for name: String) -> [String] {
        matchingPositions(name).map(value(at:))
    }

    /// Whether at least one field is called `name`.
    public func contains(name: String) -> Bool {
        firstIndex(of: name) != nil
    }

    /// Appends a field, keeping any existing ones with the same name.
    public mutating func add(name: String, value: String) {
        let nameStart = bytes.count
        bytes.append(contentsOf: name.utf8)
        let valueStart = bytes.count
        bytes.append(contentsOf: value.utf8)
        entries.append(Entry(nameStart: Int32(nameStart), nameEnd: Int32(valueStart),
                             valueStart: Int32(valueStart), valueEnd: Int32(bytes.count)))
    }

    /// Replaces the first field called `name` in place and removes any later
    /// ones; appends when there is none.
    public mutating func replaceOrAdd(name: String, value: String) {
        let positions = matchingPositions(name)
        guard let first = positions.first else {
            add(name: name, value: value)
            return
        }
        add(name: name, value: value)
        entries[first] = entries.removeLast()
        for position in positions.dropFirst().reversed() { entries.remove(at: position) }
        dropDeadBytesIfWasteful()
    }

    /// Removes every field called `name`.
    public mutating func remove(name: String) {
        for position in matchingPositions(name).reversed() { entries.remove(at: position) }
        dropDeadBytesIfWasteful()
    }

    /// Whether any field called `name` lists `token` in its comma-separated
    /// value, case-insensitively (RFC 9110 §5.6.1 list syntax; used for
    /// `Connection: keep-alive, Upgrade`, `Upgrade: websocket` and the like).
    /// Empty list elements and optional whitespace around commas are ignored.
    public func contains(token: String, in name: String) -> Bool {
        var token = token
        return token.withUTF8 { token in
            for position in matchingPositions(name) where listContains(position, token) { return true }
            return false
        }
    }

    /// Same fields in the same order; names compare case-insensitively,
    /// values exactly.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        return lhs.bytes.withUnsafeBufferPointer { left in
            rhs.bytes.withUnsafeBufferPointer { right in
                for (a, b) in zip(lhs.entries, rhs.entries) {
                    guard ASCII.equalsIgnoringCase(left, Int(a.nameStart), Int(a.nameEnd),
                                                   right, Int(b.nameStart), Int(b.nameEnd)),
                          ASCII.equals(left, Int(a.valueStart), Int(a.valueEnd),
                                       right, Int(b.valueStart), Int(b.valueEnd))
                    else { return false }
                }
                return true
            }
        }
    }

    // MARK: - Byte-level lookups for the module

    /// Whether a field called `lowercaseName` lists `lowercaseToken`; compares
    /// bytes only, for the parser's and the head's own checks.
    func contains(lowercaseToken: StaticString, inLowercaseName lowercaseName: StaticString) -> Bool {
        let token = UnsafeBufferPointer(start: lowercaseToken.utf8Start, count: lowercaseToken.utf8CodeUnitCount)
        for position in entries.indices where nameEquals(position, lowercaseName) {
            if listContains(position, token) { return true }
        }
        return false
    }

    /// Whether the first field called `lowercaseName` has exactly the value
    /// `lowercaseValue`, case-insensitively.
    func firstValue(
        ofLowercaseName lowercaseName: StaticString, equalsIgnoringCase lowercaseValue: StaticString
    ) -> Bool? {
        guard let position = entries.indices.first(where: { nameEquals($0, lowercaseName) }) else { return nil }
        let entry = entries[position]
        return bytes.withUnsafeBufferPointer {
            ASCII.equalsLowercase($0, Int(entry.valueStart), Int(entry.valueEnd), lowercaseValue)
        }
    }

    // MARK: - Private

    /// Rebuilds `bytes` with only the live fields once dead bytes dominate,
    /// so repeated replacing cannot grow the storage without bound.
    private mutating func dropDeadBytesIfWasteful() {
        let live = entries.reduce(0) { $0 + Int($1.nameEnd - $1.nameStart) + Int($1.valueEnd - $1.valueStart) }
        guard bytes.count > 2 * live + 256 else { return }
        let old = self
        self = HTTPHeaders()
        for position in old.entries.indices { add(name: old.name(at: position), value: old.value(at: position)) }
    }

    private func string(_ start: Int, _ end: Int) -> String {
        bytes.withUnsafeBufferPointer { ASCII.string($0, start, end) }
    }

    private func nameEquals(_ position: Int, _ lowercaseName: StaticString) -> Bool {
        let entry = entries[position]
        return bytes.withUnsafeBufferPointer {
            ASCII.equalsLowercase($0, Int(entry.nameStart), Int(entry.nameEnd), lowercaseName)
        }
    }

    private func firstIndex(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { name in
            bytes.withUnsafeBufferPointer { stored in
                entries.firstIndex {
                    ASCII.equalsIgnoringCase(stored, Int($0.nameStart), Int($0.nameEnd), name, 0, name.count)
                }
            }
        }
    }

    private func matchingPositions(_ name: String) -> [Int] {
        var name = name
        return name.withUTF8 { name in
            bytes.withUnsafeBufferPointer { stored in
                entries.indices.filter {
                    let entry = entries[$0]
                    return ASCII.equalsIgnoringCase(
                        stored, Int(entry.nameStart), Int(entry.nameEnd), name, 0, name.count)
                }
            }
        }
    }

    /// Whether the value at `position`, as a comma-separated list, has an
    /// element equal to `token` (ASCII case-insensitive).
    private func listContains(_ position: Int, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        let entry = entries[position]
        return bytes.withUnsafeBufferPointer { bytes in
            var index = Int(entry.valueStart)
            let end = Int(entry.valueEnd)
            while index < end {
                var start = index
                while index < end, bytes[index] != ASCII.comma { index += 1 }
                var elementEnd = index
                index += 1
                while start < elementEnd, ASCII.isWhitespace(bytes[start]) { start += 1 }
                while elementEnd > start, ASCII.isWhitespace(bytes[elementEnd - 1]) { elementEnd -= 1 }
                if elementEnd > start,
                   ASCII.equalsIgnoringCase(bytes, start, elementEnd, token, 0, token.count) {
                    return true
                }
            }
            return false
        }
    }
}
