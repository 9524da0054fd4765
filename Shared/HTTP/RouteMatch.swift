/// The outcome of `Router.match` when the path exists (`nil` means no route
/// has this path: 404).
public enum RouteMatch<Handler> {
    /// A route has this path and method.
    case found(handler: Handler, parameters: RouteParameters)
    /// Routes have this path, none with this method: answer 405 with
    /// `Allow: <allowedMethods>` (RFC 9110 §15.5.6), or use the list for a
    /// CORS preflight. `HEAD` is listed wherever `GET` is.
    case methodNotAllowed(allowedMethods: [String])
}

extension RouteMatch: Sendable where Handler: Sendable {}

/// Values of a route's `:name` segments, percent-decoded, in pattern order.
public struct RouteParameters: Sendable, Equatable {
    public typealias Item = (name: String, value: String)

    public private(set) var items: [Item]

    public init(_ items: [Item] = []) { self.items = items }

    /// The value of the parameter called `name`.
    public subscript(name: String) -> String? {
        for item in items where item.name == name { return item.value }
        return nil
    }

    public var count: Int { items.count }
    public var isEmpty: Bool { items.isEmpty }

    public static func == (lhs: RouteParameters, rhs: RouteParameters) -> Bool {
        lhs.items.count == rhs.items.count
            && zip(lhs.items, rhs.items).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
