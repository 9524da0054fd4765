/// Whether a string is an `http`/`https` URI by RFC 3986's grammar:
///
///     URI       = scheme "://" authority path-abempty [ "?" query ] [ "#" fragment ]   (§3)
///     authority = [ userinfo "@" ] host [ ":" port ]                                  (§3.2)
///     userinfo  = *( unreserved / pct-encoded / sub-delims / ":" )                    (§3.2.1)
///     host      = IP-literal / reg-name (IPv4address is a reg-name)                   (§3.2.2)
///     port      = *DIGIT                                                              (§3.2.3)
///     segment   = *pchar ; pchar = unreserved / pct-encoded / sub-delims / ":" / "@"  (§3.3)
///     query     = fragment = *( pchar / "/" / "?" )                                   (§3.4, §3.5)
///
/// with a non-empty host (a webhook needs somewhere to go). So no spaces,
/// controls, raw non-ASCII (a client percent-encodes it), `<>"{}|\^``, `[`
/// `]` outside an IP literal, bad `%` escapes, or a port that is not
/// digits — what docs/openapi.json's `format: uri` promises the stored URL is.
/// The IP literal's inside is only checked for its character set (hex
/// digits, `:`, `.`, the `v…` form's unreserved/sub-delims, and an RFC 6874
/// zone id such as `fe80::1%25lo`); libcurl refuses a malformed one at
/// delivery.
enum HTTPURLSyntax {
    static func isValid(_ url: String) -> Bool {
        let bytes = Array(url.utf8)
        guard let schemeEnd = schemeLength(bytes) else { return false }
        var index = schemeEnd
        let authorityEnd = bytes[index...].firstIndex { $0 == slash || $0 == question || $0 == hash } ?? bytes.count
        guard isAuthority(bytes[index..<authorityEnd]) else { return false }
        index = authorityEnd
        let pathEnd = bytes[index...].firstIndex { $0 == question || $0 == hash } ?? bytes.count
        guard isRun(bytes[index..<pathEnd], extra: pcharExtra + [slash]) else { return false }
        index = pathEnd
        if index < bytes.count, bytes[index] == question {
            let queryEnd = bytes[(index + 1)...].firstIndex(of: hash) ?? bytes.count
            guard isRun(bytes[(index + 1)..<queryEnd], extra: pcharExtra + [slash, question]) else { return false }
            index = queryEnd
        }
        if index < bytes.count {  // at "#"
            guard isRun(bytes[(index + 1)...], extra: pcharExtra + [slash, question]) else { return false }
        }
        return true
    }

    private static let slash = UInt8(ascii: "/")
    private static let question = UInt8(ascii: "?")
    private static let hash = UInt8(ascii: "#")
    private static let subDelims = Array("!$&'()*+,;=".utf8)
    private static let pcharExtra = subDelims + Array(":@".utf8)

    /// The length of `http://` or `https://` (any case) at the start.
    private static func schemeLength(_ bytes: [UInt8]) -> Int? {
        let lower = String(decoding: bytes.prefix(8), as: UTF8.self).lowercased()
        if lower.hasPrefix("http://") { return 7 }
        if lower.hasPrefix("https://") { return 8 }
        return nil
    }

    private static func isAuthority(_ authority: ArraySlice<UInt8>) -> Bool {
        var rest = authority
        if let at = rest.firstIndex(of: UInt8(ascii: "@")) {
            guard isRun(rest[..<at], extra: subDelims + [UInt8(ascii: ":")]) else { return false }
            rest = rest[(at + 1)...]
        }
        var host = rest
        var port: ArraySlice<UInt8> = []
        if rest.first == UInt8(ascii: "[") {
            guard let close = rest.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let inside = rest[(rest.startIndex + 1)..<close]
            guard !inside.isEmpty, isRun(inside, extra: subDelims + Array(":.".utf8)) else { return false }
            host = rest[...close]
            let after = rest[(close + 1)...]
            if let first = after.first {
                guard first == UInt8(ascii: ":") else { return false }
                port = after.dropFirst()
            }
        } else {
            if let colon = rest.lastIndex(of: UInt8(ascii: ":")) {
                host = rest[..<colon]
                port = rest[(colon + 1)...]
            }
            guard !host.isEmpty, isRun(host, extra: subDelims) else { return false }
        }
        return !host.isEmpty && port.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
    }

    /// Every byte unreserved, one of `extra`, or (with `escapes`) the start
    /// of a `%HH` triplet.
    private static func isRun(_ bytes: ArraySlice<UInt8>, extra: [UInt8], escapes: Bool = true) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if escapes, byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, isHex(bytes[index + 1]), isHex(bytes[index + 2]) else { return false }
                index += 3
                continue
            }
            guard isUnreserved(byte) || extra.contains(byte) else { return false }
            index += 1
        }
        return true
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "~")
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
    }
}
