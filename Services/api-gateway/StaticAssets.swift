import Crypto
import HTTP

/// The dashboard's files, served from memory: a table from URL path to
/// bytes, built once at start-up, and the pure rule turning a request for
/// one of them into a response. No I/O, so it is tested without sockets.
///
/// Caching (RFC 9111 §5.2.2.4, RFC 9110 §8.8.3): every file carries a
/// strong `ETag` (the SHA-256 of its bytes) and `Cache-Control: no-cache`,
/// so browsers keep a copy but revalidate it on each use; an unchanged file
/// costs a `304 Not Modified` without a body, and a new deploy is seen on
/// the next load.
struct StaticAssets: Sendable {
    struct Asset: Sendable, Equatable {
        let body: [UInt8]
        let contentType: String
        let etag: String
        /// Built once here, not per request.
        let headers: HTTPHeaders

        init(body: [UInt8], contentType: String, etag: String) {
            self.body = body
            self.contentType = contentType
            self.etag = etag
            headers = StaticAssets.headers(contentType: contentType, etag: etag)
        }
    }

    /// Served files by URL path (`/js/app.js`).
    let assets: [String: Asset]

    /// `files` are paths relative to the web root (`js/app.js`); `aliases`
    /// map extra URL paths to one of them (`/` → `index.html`).
    init(files: [(path: String, bytes: [UInt8])], aliases: [String: String] = [:]) {
        var table: [String: Asset] = [:]
        for file in files {
            table["/" + file.path] = Asset(body: file.bytes, contentType: Self.contentType(forPath: file.path),
                                           etag: Self.etag(for: file.bytes))
        }
        for (alias, target) in aliases {
            if let asset = table["/" + target] { table[alias] = asset }
        }
        assets = table
    }

    var paths: [String] { assets.keys.sorted() }

    /// The answer to a GET (or HEAD) of `path`; nil when no file has it.
    func response(path: String, ifNoneMatch: String?) -> HTTPResponse? {
        guard let asset = assets[path] else { return nil }
        if let ifNoneMatch, Self.matches(ifNoneMatch: ifNoneMatch, etag: asset.etag) {
            // RFC 9110 §15.4.5: a 304 repeats ETag and Cache-Control.
            var headers = asset.headers
            headers.remove(name: "Content-Type")
            return HTTPResponse(status: 304, headers: headers)
        }
        return HTTPResponse(status: 200, headers: asset.headers, body: asset.body)
    }

    /// The policy of every page: scripts and styles from our own files only
    /// (no inline code, so an injected `<script>` or `style=` does nothing),
    /// fetch and WebSocket to our own origin (CSP3 `'self'` covers `ws:`/`wss:`
    /// of the same host), no plugins, no `<base>`, never framed.
    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "connect-src 'self'", "manifest-src 'self'", "base-uri 'none'", "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    static func headers(contentType: String, etag: String) -> HTTPHeaders {
        [
            "Content-Type": contentType,
            "ETag": etag,
            "Cache-Control": "no-cache",
            "Content-Security-Policy": contentSecurityPolicy,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        ]
    }

    /// By extension; `nosniff` makes browsers trust it, so an unknown kind
    /// is plain bytes, never something they might run.
    static func contentType(forPath path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        switch name[name.index(after: dot)...].lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "json": return "application/json; charset=utf-8"
        case "webmanifest": return "application/manifest+json"
        case "txt", "md": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }

    /// A strong validator (RFC 9110 §8.8.3): the first 128 bits of the
    /// SHA-256 of the bytes, quoted. Same bytes, same tag, on every build.
    static func etag(for bytes: [UInt8]) -> String {
        "\"" + Hex.encode(SHA256.hash(bytes).prefix(16)) + "\""
    }

    /// `If-None-Match` (RFC 9110 §13.1.2): `*`, or a list of entity tags
    /// compared weakly (`W/"x"` matches `"x"`).
    static func matches(ifNoneMatch field: String, etag: String) -> Bool {
        for member in field.split(separator: ",") {
            var tag = member.trimmingASCIIWhitespace()
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            if tag == etag { return true }
        }
        return false
    }
}

extension Substring {
    fileprivate func trimmingASCIIWhitespace() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
