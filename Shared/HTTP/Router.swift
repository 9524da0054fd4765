/// Maps `(method, path)` to a handler through a trie of path segments.
///
/// Patterns are `/`-separated segments; a segment `:name` captures one
/// non-empty path segment: `/api/sessions/:id/games/:sessionGameId/status`.
///
/// Rules:
/// - **Literals beat parameters.** At each level literal children are tried
///   before the parameter child, with backtracking, so `/api/sessions/active`
///   wins over `/api/sessions/:id` for `active`, and `/api/sessions/active/x`
///   still reaches `/api/sessions/:id/x`. The first path match (in that
///   order) that has the method wins.
/// - **Trailing slash:** one trailing `/` is ignored, so `/api/games/` matches
///   `/api/games`; empty segments elsewhere (`/api//games`) match nothing.
/// - **HEAD** uses the GET route of a path unless a HEAD route is registered
///   (RFC 9110 §9.3.2).
/// - Literal segments compare with the raw (still percent-encoded) path;
///   captured values are percent-decoded, and a malformed escape in one makes
///   the path not match (`nil`).
///
/// Matching walks bytes without building strings except for captured values;
/// with ~60 routes a lookup is a few hundred nanoseconds at most.
public struct Router<Handler> {
    fileprivate struct Route {
        var method: String
        var handler: Handler
        var parameterNames: [String]
    }

    fileprivate struct Node {
        var literals: [(segment: [UInt8], node: Int)] = []
        var parameter: Int?
        var routes: [Route] = []
    }

    private var nodes: [Node] = [Node()]

    public init() {}

    /// Registers `handler` for `method` and `pattern`. Registering the same
    /// method and pattern twice, or a `:` segment without a name, is a
    /// programming error.
    public mutating func add(_ method: String, _ pattern: String, _ handler: Handler) {
        var node = 0
        var names: [String] = []
        for segment in pattern.utf8.split(separator: ASCII.slash, omittingEmptySubsequences: true) {
            if segment.first == ASCII.colon {
                let name = String(Substring(segment.dropFirst()))
                precondition(!name.isEmpty, "route parameter without a name in \(pattern)")
                names.append(name)
                if let next = nodes[node].parameter {
                    node = next
                } else {
                    nodes.append(Node())
                    nodes[node].parameter = nodes.count - 1
                    node = nodes.count - 1
                }
            } else {
                let literal = Array(segment)
                if let next = nodes[node].literals.first(where: { $0.segment == literal })?.node {
                    node = next
                } else {
                    nodes.append(Node())
                    nodes[node].literals.append((segment: literal, node: nodes.count - 1))
                    node = nodes.count - 1
                }
            }
        }
        precondition(!nodes[node].routes.contains { $0.method == method }, "duplicate route \(method) \(pattern)")
        nodes[node].routes.append(Route(method: method, handler: handler, parameterNames: names))
    }

    /// Finds the route for `method` and `path` (the raw path, without
    /// query). `nil` when no route has this path.
    public func match(method: String, path: String) -> RouteMatch<Handler>? {
        var path = path
        return path.withUTF8 { bytes in
            guard bytes.first == ASCII.slash else { return nil }
            var search = Search(bytes: bytes, method: method)
            if let (route, captures) = search.find(in: nodes, node: 0, at: 1) {
                var parameters: [RouteParameters.Item] = []
                parameters.reserveCapacity(captures.count)
                for (name, range) in zip(route.parameterNames, captures) {
                    let raw = UnsafeBufferPointer(rebasing: bytes[range.start..<range.end])
                    guard let value = raw.contains(ASCII.percent)
                        ? PercentDecoding.decode(raw, plusAsSpace: false, strict: true)
                        : String(decoding: raw, as: UTF8.self)
                    else { return nil }
                    parameters.append((name: name, value: value))
                }
                return .found(handler: route.handler, parameters: RouteParameters(parameters))
            }
            guard !search.allowed.isEmpty else { return nil }
            return .methodNotAllowed(allowedMethods: search.allowed)
        }
    }

    /// One depth-first walk over the trie.
    private struct Search {
        let bytes: UnsafeBufferPointer<UInt8>
        let method: String
        var captures: [(start: Int, end: Int)] = []
        /// Methods of path matches without `method`, in registration order.
        var allowed: [String] = []

        init(bytes: UnsafeBufferPointer<UInt8>, method: String) {
            self.bytes = bytes
            self.method = method
        }

        /// Matches the segment starting at `position` (past the end: the path
        /// is consumed) against the children of `node`.
        mutating func find(in nodes: [Node], node: Int, at position: Int) -> (Route, [(start: Int, end: Int)])? {
            if position >= bytes.count {
                return select(nodes[node].routes).map { ($0, captures) }
            }
            var end = position
            while end < bytes.count, bytes[end] != ASCII.slash { end += 1 }
            let length = end - position
            guard length > 0 else { return nil }
            for child in nodes[node].literals where child.segment.count == length {
                if child.segment.withUnsafeBufferPointer({ literal in
                    for offset in 0..<length where literal[offset] != bytes[position + offset] { return false }
                    return true
                }), let found = find(in: nodes, node: child.node, at: end + 1) {
                    return found
                }
            }
            if let child = nodes[node].parameter {
                captures.append((position, end))
                if let found = find(in: nodes, node: child, at: end + 1) { return found }
                captures.removeLast()
            }
            return nil
        }

        /// The route for `method` among the routes of one path, else records
        /// their methods as allowed.
        private mutating func select(_ routes: [Route]) -> Route? {
            guard !routes.isEmpty else { return nil }
            if let route = routes.first(where: { $0.method == method }) { return route }
            if method == "HEAD", let route = routes.first(where: { $0.method == "GET" }) { return route }
            for route in routes where !allowed.contains(route.method) {
                allowed.append(route.method)
                if route.method == "GET", !allowed.contains("HEAD"), !routes.contains(where: { $0.method == "HEAD" }) {
                    allowed.append("HEAD")
                }
            }
            return nil
        }
    }
}

extension Router: Sendable where Handler: Sendable {}
extension Router.Node: Sendable where Handler: Sendable {}
extension Router.Route: Sendable where Handler: Sendable {}
