import JSON

/// One factory per reserved code (specification §5.1), with the
/// specification's messages as defaults, and one per domain code.
extension RPCError {
    public static func parseError(_ message: String = "Parse error", data: JSONValue? = nil) -> RPCError {
        RPCError(code: RPCErrorCode.parseError, message: message, data: data)
    }

    public static func invalidRequest(_ message: String = "Invalid Request", data: JSONValue? = nil) -> RPCError {
        RPCError(code: RPCErrorCode.invalidRequest, message: message, data: data)
    }

    public static func methodNotFound(_ message: String = "Method not found", data: JSONValue? = nil) -> RPCError {
        RPCError(code: RPCErrorCode.methodNotFound, message: message, data: data)
    }

    public static func invalidParams(_ message: String = "Invalid params", data: JSONValue? = nil) -> RPCError {
        RPCError(code: RPCErrorCode.invalidParams, message: message, data: data)
    }

    public static func internalError(_ message: String = "Internal error", data: JSONValue? = nil) -> RPCError {
        RPCError(code: RPCErrorCode.internalError, message: message, data: data)
    }

    public static func notFound(_ message: String, data: JSONValue? = nil) -> RPCError {
        RPCError(code: RPCErrorCode.notFound, message: message, data: data)
    }

    public static func conflict(_ message: String, data: JSONValue? = nil) -> RPCError {
        RPCError(code: RPCErrorCode.conflict, message: message, data: data)
    }

    public static func invalid(_ message: String, data: JSONValue? = nil) -> RPCError {
        RPCError(code: RPCErrorCode.invalid, message: message, data: data)
    }

    public static func unavailable(_ message: String, data: JSONValue? = nil) -> RPCError {
        RPCError(code: RPCErrorCode.unavailable, message: message, data: data)
    }

    public static func timeout(_ message: String, data: JSONValue? = nil) -> RPCError {
        RPCError(code: RPCErrorCode.timeout, message: message, data: data)
    }
}
