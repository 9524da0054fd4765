/// Maps `(method, path)` to a handler through a trie of path segments.
///
/// Patterns are `/`-separated segments; a segment `:name` captures one
/// non-empty path segment: `/api/sessions/:id/games/:sessionGameId/status`.
///
/// Rules:
/// - **Literals beat parameters.** At each level literal children are tried
///   before the parameter child, with backtracking, so `/api/sessions/active`
///   wins over `/api/sessions/:id` for `active`, and `/api/sessions/active/x`
///   still reaches `/api/sessions/:id/x` (the literal branch dead-ends).
/// - **A matched path is one resource.** The first pattern (in that order)
///   that matches the whole path decides: its route for the method, or
///   `methodNotAllowed` with its methods — never a later pattern's route.
///   `DELETE /api/sessions/active` is 405 (that resource is GET only), not
///   `/api/sessions/:id` with the id "active" (RFC 9110 §15.5.6: the method
///   is not supported by *the target resource*).
/// - **Trailing slash:** one trailing `/` is ignored, so `/api/games/` matches
///   `/api/games`; empty segments elsewhere (`/api//games`) match nothing.
/// - **HEAD** uses the GET route of a path unless a HEAD route is registered
///   (RFC 9110 §9.3.2); `methodNotAllowed` lists HEAD wherever GET is.
/// - Methods compare case-sensitively (RFC 9110 §9.1).
/// - Literal segments compare with the raw (still percent-encoded) path;
///   captured values are percent-decoded, and a malformed escape in one makes
///   the path not match (`nil`).
///
/// Matching walks bytes and builds strings only for captured values.
public struct Router<Handler> {
    @usableFromInline var trie = RouteTrie()
    @usableFromInline var handlers: [Handler] = []

    public init() {}

    /// Registers `handler` for `method` and `pattern`. Registering the same
    /// method and pattern twice, or a `:` segment without a name, is a
    /// programming error.
    @inlinable
    public mutating func add(_ method: String, _ pattern: String, _ handler: Handler) {
        trie.insert(method: method, pattern: pattern, handler: handlers.count)
        handlers.append(handler)
    }

    /// Finds the route for `method` and `path` (the raw path, without
    /// query). `nil` when no route has this path.
    @inlinable
    public func match(method: String, path: String) -> RouteMatch<Handler>? {
        switch trie.lookup(method: method, path: path) {
        case .found(let index, let parameters): .found(handler: handlers[index], parameters: parameters)
        case .methodNotAllowed(let allowed): .methodNotAllowed(allowedMethods: allowed)
        case .notFound, .malformedParameter: nil
        }
    }
}

extension Router: Sendable where Handler: Sendable {}
