/// Percent-decoding of URI components (RFC 3986 §2.1).
public enum PercentDecoding {
    /// Decodes `%XX` escapes in a path segment. `+` is left alone (it means
    /// space only in form-encoded queries). Returns `nil` when an escape is
    /// malformed (`%`, `%4`, `%zz`) or the decoded bytes are not valid UTF-8.
    public static func decode(_ component: some StringProtocol) -> String? {
        guard component.utf8.contains(ASCII.percent) else { return String(component) }
        var copy = String(component)
        return copy.withUTF8 { decode($0, plusAsSpace: false, strict: true) }
    }

    /// The decoding core. In strict mode a malformed escape or invalid UTF-8
    /// gives `nil`; otherwise a malformed escape is kept literally and invalid
    /// UTF-8 becomes U+FFFD (the WHATWG URL behaviour for queries).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool, strict: Bool) -> String? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.percent {
                if index + 2 < bytes.count, let high = ASCII.hexValue(bytes[index + 1]),
                   let low = ASCII.hexValue(bytes[index + 2]) {
                    decoded.append(high << 4 | low)
                    index += 3
                    continue
                }
                if strict { return nil }
            }
            decoded.append(plusAsSpace && byte == ASCII.plus ? ASCII.space : byte)
            index += 1
        }
        if strict && !isValidUTF8(decoded) { return nil }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Whether `bytes` is well-formed UTF-8 (no overlongs, surrogates or
    /// values past U+10FFFF), using the standard library's decoder.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
