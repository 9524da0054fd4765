import JSON
import Storage

extension SQLiteRow {
    /// The row as a JSON object, columns in SELECT order. Every query here
    /// lists its columns in the order the API documents, so this is the
    /// response shape.
    public var jsonObject: JSONObject {
        var object = JSONObject()
        for (index, name) in columns.names.enumerated() {
            object.append(name, values[index].json)
        }
        return object
    }
}

extension SQLiteValue {
    public var json: JSONValue {
        switch self {
        case .null: return .null
        case .integer(let value): return .int(value)
        case .real(let value): return .double(value)
        case .text(let value): return .string(value)
        case .blob(let bytes): return .string(String(decoding: bytes, as: UTF8.self))
        }
    }
}

extension Array where Element == SQLiteRow {
    public var jsonArray: JSONValue { .array(map { .object($0.jsonObject) }) }
}
