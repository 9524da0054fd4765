/// JSON-RPC error codes: the reserved ones of specification §5.1 and the
/// project's domain codes.
///
/// -32768…-32000 is reserved by the specification (-32000…-32099 for
/// implementation-defined server errors), so domain codes live outside it.
/// The gateway maps domain codes to HTTP statuses in one place.
public enum RPCErrorCode {
    /// Invalid JSON was received.
    public static let parseError = -32700
    /// The JSON sent is not a valid request object.
    public static let invalidRequest = -32600
    /// The method does not exist or is not available.
    public static let methodNotFound = -32601
    /// Invalid method parameters.
    public static let invalidParams = -32602
    /// Internal JSON-RPC error.
    public static let internalError = -32603

    /// The addressed entity does not exist (HTTP 404).
    public static let notFound = 1001
    /// The request conflicts with current state (HTTP 409).
    public static let conflict = 1002
    /// The request is well-formed but semantically invalid (HTTP 422/400).
    public static let invalid = 1003
    /// A dependency is down or the service is draining (HTTP 503).
    public static let unavailable = 1004
    /// The operation did not finish in time (HTTP 504).
    public static let timeout = 1005
    /// Not a failure: the work is durably accepted but not finished (HTTP
    /// 202). It travels as an error because a success result is passed to
    /// the client as a 200 body untouched; `data` carries status and body.
    public static let accepted = 1006

    /// Whether `code` lies in the range the specification reserves (§5.1).
    public static func isReserved(_ code: Int) -> Bool { (-32768 ... -32000).contains(code) }
}
