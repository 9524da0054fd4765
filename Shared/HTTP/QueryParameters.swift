/// Parameters of a query string in `application/x-www-form-urlencoded`
/// form (WHATWG URL §5.1): `name=value` pairs separated by `&`, `+` meaning
/// space, `%XX` escapes decoded.
///
/// Parsing is lenient, like browsers: empty pairs are skipped, a pair
/// without `=` has the value `""`, a malformed escape is kept literally and
/// invalid UTF-8 becomes U+FFFD. Order and repeated names are kept.
public struct QueryParameters: Sendable, Equatable {
    public typealias Item = (name: String, value: String)

    public let items: [Item]

    /// Parses a raw query (the part after `?`); `nil` gives no items.
    public init(_ raw: String?) {
        items = raw.map(QueryParameters.parse) ?? []
    }

    /// The value of the first parameter called `name` (case-sensitive).
    public func first(_ name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    /// Every value of the parameters called `name`, in order.
    public func values(_ name: String) -> [String] {
        items.filter { $0.name == name }.map(\.value)
    }

    /// Parses a raw query into ordered `(name, value)` pairs.
    public static func parse(_ raw: String) -> [Item] {
        var raw = raw
        return raw.withUTF8 { bytes in
            var items: [Item] = []
            var index = 0
            while index < bytes.count {
                let start = index
                var equals = -1
                while index < bytes.count, bytes[index] != 0x26 {  // '&'
                    if bytes[index] == ASCII.equals, equals < 0 { equals = index }
                    index += 1
                }
                let end = index
                index += 1
                guard end > start else { continue }
                let nameEnd = equals < 0 ? end : equals
                let valueStart = equals < 0 ? end : equals + 1
                items.append((name: component(bytes, start, nameEnd), value: component(bytes, valueStart, end)))
            }
            return items
        }
    }

    private static func component(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        return PercentDecoding.decode(slice, plusAsSpace: true, strict: false) ?? ""
    }

    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.items.count == rhs.items.count
            && zip(lhs.items, rhs.items).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
