/// Whether bytes are valid JSON, by the same rules as `JSONValue.parse`,
/// without building a value.
///
/// A proxy that passes a request body on as it is (the gateway splicing a
/// 16 MiB chat import into its RPC call) still has to refuse invalid JSON
/// itself; checking is several times cheaper than parsing into a tree and
/// serializing it again, and allocates nothing per string or member.
public enum JSONValidation {
    /// True when `bytes` hold exactly one JSON text whose value is an
    /// object (surrounding whitespace allowed).
    public static func isObject(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            guard let first = try? parser.skipDocument() else { return false }
            return first == UInt8(ascii: "{")
        }
    }

    /// The first error `JSONValue.parse(bytes)` would throw, or nil when
    /// the bytes are one valid JSON text.
    public static func firstError(_ bytes: [UInt8]) -> JSONParseError? {
        bytes.withUnsafeBufferPointer { buffer -> JSONParseError? in
            var parser = JSONParser(bytes: buffer)
            do throws(JSONParseError) {
                _ = try parser.skipDocument()
                return nil
            } catch {
                return error
            }
        }
    }
}
