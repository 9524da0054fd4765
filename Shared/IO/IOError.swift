import Glibc

/// A failed system call: which operation and the `errno` it left behind.
///
/// "Would block" is never an `IOError`; the callers that use non-blocking
/// descriptors see it as a distinct result (see `IOResult`).
public struct IOError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let errnoCode: Int32

    public init(_ operation: String, errno code: Int32 = errno) {
        self.operation = operation
        self.errnoCode = code
    }

    public var description: String {
        "\(operation) failed: \(String(cString: strerror(errnoCode))) (errno \(errnoCode))"
    }
}

/// The outcome of an operation on a non-blocking descriptor.
public enum IOResult<T> {
    case processed(T)
    case wouldBlock
}

/// Runs `call` until it stops failing with `EINTR` (signal(7): a slow system
/// call interrupted by a handler is not an error for us).
@inline(__always)
func retryingOnInterrupt<T: BinaryInteger>(_ call: () -> T) -> T {
    while true {
        let result = call()
        if result == -1 && errno == EINTR { continue }
        return result
    }
}
