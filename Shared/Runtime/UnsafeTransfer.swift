/// Carries a non-Sendable value across a `@Sendable` boundary when the code
/// guarantees it is only used on the thread that owns it (typically: sent
/// to another loop and back). The name says what it is: a promise checked
/// by reading, not by the compiler.
public struct UnsafeTransfer<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
