/// The non-generic core of `Router`: a trie of path segments whose routes
/// refer to handlers by index. Keeping it free of the handler type means the
/// lookup is compiled once, fully specialized, with no generic metadata at
/// run time.
@usableFromInline
struct RouteTrie: Sendable {
    /// What a lookup found.
    @usableFromInline
    enum Lookup {
        case found(handler: Int, parameters: RouteParameters)
        case methodNotAllowed(allowedMethods: [String])
        case notFound
        /// The path matched a route but a captured value has a malformed
        /// percent escape.
        case malformedParameter
    }

    private struct Route: Sendable {
        var method: String
        var handler: Int
        var parameterNames: [String]
    }

    private struct Child: Sendable {
        var segment: [UInt8]
        var node: Int
    }

    private struct Node: Sendable {
        var literals: [Child] = []
        var parameter: Int?
        var routes: [Route] = []
    }

    private var nodes: [Node] = [Node()]

    @usableFromInline
    init() {}

    /// Adds `method pattern → handler`. See `Router` for the pattern syntax.
    @usableFromInline
    mutating func insert(method: String, pattern: String, handler: Int) {
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
                    nodes[node].literals.append(Child(segment: literal, node: nodes.count - 1))
                    node = nodes.count - 1
                }
            }
        }
        precondition(!nodes[node].routes.contains { $0.method == method }, "duplicate route \(method) \(pattern)")
        nodes[node].routes.append(Route(method: method, handler: handler, parameterNames: names))
    }

    /// Finds the route for `method` and the raw `path`.
    @usableFromInline
    func lookup(method: String, path: String) -> Lookup {
        var path = path
        return path.withUTF8 { bytes in
            guard bytes.first == ASCII.slash else { return .notFound }
            var search = Search(nodes: nodes, bytes: bytes, method: method)
            guard let route = search.find(node: 0, at: 1) else {
                return search.allowed.isEmpty ? .notFound : .methodNotAllowed(allowedMethods: search.allowed)
            }
            guard !route.parameterNames.isEmpty else {
                return .found(handler: route.handler, parameters: RouteParameters())
            }
            var parameters: [RouteParameters.Item] = []
            parameters.reserveCapacity(route.parameterNames.count)
            for (name, range) in zip(route.parameterNames, search.captures) {
                let raw = UnsafeBufferPointer(rebasing: bytes[range.start..<range.end])
                guard let value = raw.contains(ASCII.percent)
                    ? PercentDecoding.decode(raw, plusAsSpace: false, strict: true)
                    : String(decoding: raw, as: UTF8.self)
                else { return .malformedParameter }
                parameters.append((name: name, value: value))
            }
            return .found(handler: route.handler, parameters: RouteParameters(parameters))
        }
    }

    /// One depth-first walk: literal children first, then the parameter
    /// child, backtracking on dead ends.
    private struct Search {
        let nodes: [Node]
        let bytes: UnsafeBufferPointer<UInt8>
        let method: String
        var captures: [(start: Int, end: Int)] = []
        /// Methods of the path match without `method`, in registration order.
        var allowed: [String] = []
        /// Set at the first node that matches the whole path and has routes:
        /// that node is the resource, so the search ends there (see
        /// `Router`, "A matched path is one resource").
        var settled = false

        init(nodes: [Node], bytes: UnsafeBufferPointer<UInt8>, method: String) {
            self.nodes = nodes
            self.bytes = bytes
            self.method = method
        }

        /// Matches the segment starting at `position` (past the end: the
        /// path is consumed; one trailing `/` lands there too).
        mutating func find(node: Int, at position: Int) -> Route? {
            if settled { return nil }
            if position >= bytes.count { return select(nodes[node].routes) }
            var end = position
            while end < bytes.count, bytes[end] != ASCII.slash { end += 1 }
            let length = end - position
            guard length > 0 else { return nil }
            for child in nodes[node].literals where child.segment.count == length {
                let same = child.segment.withUnsafeBufferPointer {
                    ASCII.equals($0, 0, length, bytes, position, end)
                }
                if same, let route = find(node: child.node, at: end + 1) { return route }
            }
            if let child = nodes[node].parameter, !settled {
                captures.append((position, end))
                if let route = find(node: child, at: end + 1) { return route }
                captures.removeLast()
            }
            return nil
        }

        /// The route for `method` among one path's routes (HEAD falls back
        /// to GET); otherwise records their methods as allowed and settles
        /// the search on this path.
        private mutating func select(_ routes: [Route]) -> Route? {
            guard !routes.isEmpty else { return nil }
            settled = true
            if let route = routes.first(where: { $0.method == method }) { return route }
            if method == "HEAD", let route = routes.first(where: { $0.method == "GET" }) { return route }
            let hasHead = routes.contains { $0.method == "HEAD" }
            for route in routes where !allowed.contains(route.method) {
                allowed.append(route.method)
                if route.method == "GET", !hasHead, !allowed.contains("HEAD") { allowed.append("HEAD") }
            }
            return nil
        }
    }
}
