/// Status lines (RFC 9112 §4) and reason phrases (RFC 9110 §15).
public enum HTTPStatus {
    /// The standard reason phrase, or `""` for a code without one here
    /// (RFC 9112 §4: the reason-phrase may be empty; clients ignore it).
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 426: "Upgrade Required"
        case 428: "Precondition Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: ""
        }
    }

    /// Whether a response with this status never has content: 1xx, 204 and
    /// 304 (RFC 9110 §6.4.1). Such responses get neither a body nor
    /// `Content-Length` (RFC 9110 §8.6; for 304 a length would have to be
    /// that of the 200 response, which the serializer cannot know).
    @inline(__always)
    public static func hasNoContent(_ status: Int) -> Bool {
        (100..<200).contains(status) || status == 204 || status == 304
    }

    /// Precomputed `HTTP/1.1 <code> <reason>\r\n` for the hot codes; static
    /// strings, so appending them allocates nothing.
    static func precomputedStatusLine(_ status: Int) -> StaticString? {
        switch status {
        case 200: "HTTP/1.1 200 OK\r\n"
        case 201: "HTTP/1.1 201 Created\r\n"
        case 204: "HTTP/1.1 204 No Content\r\n"
        case 101: "HTTP/1.1 101 Switching Protocols\r\n"
        case 304: "HTTP/1.1 304 Not Modified\r\n"
        case 400: "HTTP/1.1 400 Bad Request\r\n"
        case 401: "HTTP/1.1 401 Unauthorized\r\n"
        case 403: "HTTP/1.1 403 Forbidden\r\n"
        case 404: "HTTP/1.1 404 Not Found\r\n"
        case 405: "HTTP/1.1 405 Method Not Allowed\r\n"
        case 409: "HTTP/1.1 409 Conflict\r\n"
        case 500: "HTTP/1.1 500 Internal Server Error\r\n"
        case 503: "HTTP/1.1 503 Service Unavailable\r\n"
        default: nil
        }
    }
}
