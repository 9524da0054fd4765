/// A response's status line and header fields (RFC 9112 §4, §5), as a
/// client receives them; the body, if any, is framed by the caller.
public struct HTTPResponseHead: Sendable, Equatable {
    /// `HTTP/1.1` → 1; libcurl's `HTTP/2` rendering → 2.
    public var versionMajor: Int
    /// `HTTP/1.1` → 1; 0 when the version has no minor part (`HTTP/2`).
    public var versionMinor: Int
    /// The three-digit status code (RFC 9110 §15).
    public var status: Int
    /// The reason phrase, possibly empty (RFC 9112 §4: clients SHOULD
    /// ignore it).
    public var reason: String
    public var headers: HTTPHeaders

    public init(versionMajor: Int = 1, versionMinor: Int = 1, status: Int, reason: String = "",
                headers: HTTPHeaders = HTTPHeaders()) {
        self.versionMajor = versionMajor
        self.versionMinor = versionMinor
        self.status = status
        self.reason = reason
        self.headers = headers
    }
}
