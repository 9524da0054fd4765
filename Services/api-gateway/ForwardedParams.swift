import HTTP
import JSON
import RPC

/// What an API request carries to its service method, decided by the
/// request and the route's pattern alone (the convention in Contracts'
/// `Method`), so a route cannot forget to forward something:
///
/// - every `:name` path parameter under its name: a JSON integer when the
///   name is `id` or ends in `Id` (`PathIDs`: a route refuses any other id
///   with its 404 before forwarding), the percent-decoded string otherwise;
/// - `query`, always: an object of strings, the first value of a repeated
///   name winning;
/// - `body` when the request has one or its method is POST, PUT or PATCH
///   (an empty body reads as `{}`), as the raw bytes once checked to be a
///   JSON object — spliced into the RPC request, never parsed into a tree.
enum ForwardedParams {
    /// The request body as it will be forwarded.
    enum Body: Equatable {
        /// Nothing to forward (a GET or DELETE without a body).
        case absent
        /// Valid JSON object bytes, forwarded as they are.
        case object([UInt8])
        /// Not a JSON object: the route answers 400 "Invalid JSON body".
        case invalid

        /// The params member to splice into the RPC request, if any.
        var member: RPCRawMember? {
            if case .object(let bytes) = self { return RPCRawMember(name: "body", json: bytes) }
            return nil
        }
    }

    static let methodsWithBody: Set<String> = ["POST", "PUT", "PATCH"]
    static let emptyObject: [UInt8] = Array("{}".utf8)

    /// Path parameters and the query as params (the body is spliced later).
    static func params(path parameters: RouteParameters, query: String?) -> JSONObject {
        var params = JSONObject()
        params.reserveCapacity(parameters.count + 1)
        for item in parameters.items { params.append(item.name, pathValue(name: item.name, value: item.value)) }
        // A set of the names seen: `object[name]` is a linear scan, which
        // made many parameters quadratic.
        var object = JSONObject()
        var seen = Set<String>()
        for item in QueryParameters(query).items where seen.insert(item.name).inserted {
            object.append(item.name, .string(item.value))
        }
        params.append("query", .object(object))
        return params
    }

    /// `id` and `…Id` parameters are row ids (integers); anything else (a
    /// pack name, say) stays the decoded string.
    static func pathValue(name: String, value: String) -> JSONValue {
        isIDName(name) ? .int(pathID(value)) : .string(value)
    }

    static func isIDName(_ name: String) -> Bool { name == "id" || name.hasSuffix("Id") }

    /// A positive id from a path segment; 0 (no such row) for anything else.
    /// `Forward` has refused those already (`PathIDs`); 0 keeps a method
    /// that is called some other way on its not-found path.
    static func pathID(_ text: String?) -> Int64 {
        guard let text, let value = PathIDs.parse(text) else { return 0 }
        return value
    }

    static func body(method: String, bytes: [UInt8]) -> Body {
        guard !bytes.isEmpty else { return methodsWithBody.contains(method) ? .object(emptyObject) : .absent }
        return JSONValidation.isObject(bytes) ? .object(bytes) : .invalid
    }
}
