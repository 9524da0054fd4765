/// The request line and header section of one request (RFC 9112 §3, §5).
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method, case-sensitive as RFC 9110 §9.1 requires (`get` is not
    /// `GET`).
    public var method: String
    /// The request-target exactly as received (RFC 9112 §3.2).
    public var target: String
    /// The path of the target: still percent-encoded, without the query. For
    /// an absolute-form target (`http://host/x?y`, RFC 9112 §3.2.2) it is the
    /// path part (`/x`, or `/` when empty); for the authority and asterisk
    /// forms it is the target itself.
    public var path: String
    /// The raw query after the first `?`, still percent-encoded; `nil` when
    /// the target has no `?`.
    public var query: String?
    public var versionMajor: Int
    public var versionMinor: Int
    public var headers: HTTPHeaders

    /// Builds a head from a target, deriving `path` and `query` from it.
    public init(
        method: String, target: String, versionMajor: Int = 1, versionMinor: Int = 1,
        headers: HTTPHeaders = HTTPHeaders()
    ) {
        let (path, query) = HTTPRequestHead.split(target: target)
        self.init(method: method, target: target, path: path, query: query,
                  versionMajor: versionMajor, versionMinor: versionMinor, headers: headers)
    }

    init(
        method: String, target: String, path: String, query: String?,
        versionMajor: Int, versionMinor: Int, headers: HTTPHeaders
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.versionMajor = versionMajor
        self.versionMinor = versionMinor
        self.headers = headers
    }

    /// Whether the connection stays open after this request (RFC 9112 §9.3):
    /// `Connection: close` always ends it; otherwise HTTP/1.1 (and later) is
    /// persistent by default and HTTP/1.0 only with `Connection: keep-alive`
    /// (RFC 9112 §C.2.2).
    public var keepAlive: Bool {
        if headers.contains(lowercaseToken: "close", inLowercaseName: "connection") { return false }
        if versionMajor > 1 || (versionMajor == 1 && versionMinor >= 1) { return true }
        return headers.contains(lowercaseToken: "keep-alive", inLowercaseName: "connection")
    }

    /// Whether the client waits for `100 Continue` before sending the body
    /// (RFC 9110 §10.1.1; the expectation is case-insensitive).
    public var expectsContinue: Bool {
        headers.firstValue(ofLowercaseName: "expect", equalsIgnoringCase: "100-continue") ?? false
    }

    /// Splits a raw target into path and query (see `path` and `query`).
    static func split(target: String) -> (path: String, query: String?) {
        let utf8 = target.utf8
        var pathStart = utf8.startIndex
        if let first = utf8.first, first != ASCII.slash, let schemeEnd = target.firstRange(of: "://") {
            // absolute-form: skip scheme and authority.
            let authorityStart = schemeEnd.upperBound
            let rest = target[authorityStart...]
            pathStart = rest.utf8.firstIndex { $0 == ASCII.slash || $0 == ASCII.question } ?? target.endIndex
        } else if utf8.first != ASCII.slash {
            return (target, nil)
        }
        let queryMark = target[pathStart...].utf8.firstIndex(of: ASCII.question)
        let pathEnd = queryMark ?? target.endIndex
        var path = pathStart == utf8.startIndex && queryMark == nil
            ? target : String(target[pathStart..<pathEnd])
        if path.isEmpty { path = "/" }
        let query = queryMark.map { String(target[target.utf8.index(after: $0)...]) }
        return (path, query)
    }
}
